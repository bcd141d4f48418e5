// The phone's navigation drawer: out of the tab order while closed (inert), focus moves in when it
// opens and stays (the rest of the page is inert), Escape closes it and focus returns to the menu button.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';

const PHONE = '(max-width: 820px)';

function useIsPhone(): boolean {
  return useSyncExternalStore(
    (listener) => {
      const query = matchMedia(PHONE);
      query.addEventListener('change', listener);
      return () => query.removeEventListener('change', listener);
    },
    () => matchMedia(PHONE).matches,
  );
}

export function useDrawer() {
  const isPhone = useIsPhone();
  const [isOpen, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);
  const open = isOpen && isPhone;

  const close = useCallback((returnFocus: boolean) => {
    setOpen((was) => {
      if (was && returnFocus) requestAnimationFrame(() => button.current?.focus());
      return false;
    });
  }, []);
  const toggle = useCallback(() => (isOpen ? close(true) : setOpen(true)), [isOpen, close]);

  useEffect(() => {
    if (open) panel.current?.querySelector<HTMLElement>('a, button')?.focus();
  }, [open]);

  const onKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !open) return;
      event.stopPropagation();
      close(true);
    },
    [open, close],
  );

  return { open, hidden: isPhone && !open, toggle, close, button, panel, onKeyDown };
}
