// Focus never falls to the page body: when the focused element leaves the page (a row solved out
// of the view, the bulk bar closing, the Solve button gone), the screen's rescuer takes it — the
// row at the cursor in the inbox, otherwise the screen's heading.
import { useEffect } from 'react';

type Rescuer = () => boolean;
let rescuer: Rescuer | null = null;

/** The open screen says where focus goes when it is dropped; returning false falls back to the heading. */
export function useFocusRescuer(rescue: Rescuer): void {
  useEffect(() => {
    rescuer = rescue;
    return () => {
      if (rescuer === rescue) rescuer = null;
    };
  }, [rescue]);
}

export function focusHeading(): boolean {
  const heading = document.querySelector<HTMLElement>('#main h1');
  if (!heading) return false;
  if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
  return true;
}

function dropped(last: Element | null): boolean {
  const active = document.activeElement;
  if (active && active !== document.body) return false;
  return !!last && (!last.isConnected || (last as HTMLButtonElement).disabled === true);
}

/** Watches the whole app (once, in the shell). */
export function useFocusRescue(): void {
  useEffect(() => {
    let last: Element | null = null;
    const onFocusIn = (event: FocusEvent) => (last = event.target as Element);
    const take = () => {
      last = null;
      if (!(rescuer?.() ?? false)) focusHeading();
    };
    const rescue = () => {
      if (dropped(last)) take();
    };
    // The browser blurs a button that turns disabled at its next rendering step, after the
    // mutation was observed; the button may be enabled again before any further mutation. So a
    // blur of a disabled or removed element is looked at once it has settled.
    const onFocusOut = (event: FocusEvent) => {
      const target = event.target as Element;
      if (event.relatedTarget || (!(target as HTMLButtonElement).disabled && target.isConnected)) return;
      setTimeout(() => {
        const active = document.activeElement;
        if (last === target && (!active || active === document.body)) take();
      }, 0);
    };
    const observer = new MutationObserver(rescue);
    observer.observe(document.getElementById('root') ?? document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    return () => {
      observer.disconnect();
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, []);
}
