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
      if (!open) return;
      if (event.key === 'Escape') {
        event.stopPropagation();
        close(true);
      } else if (event.key === 'Tab' && panel.current) {
        // The rest of the page is inert; Tab at either end wraps around instead of leaving for the browser.
        const stops = [...panel.current.querySelectorAll<HTMLElement>('a[href], button:not([disabled]), input, select')];
        const first = stops[0];
        const last = stops[stops.length - 1];
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last?.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first?.focus();
        }
      }
    },
    [open, close],
  );

  return { open, hidden: isPhone && !open, toggle, close, button, panel, onKeyDown };
}
