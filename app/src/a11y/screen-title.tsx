// Every screen names itself once: its heading takes focus when the screen opens (so a screen
// reader says where the agent is) and the window title says the same ("#1010 Account locked — Frontline").
import { useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';

let current: string | null = null;
const listeners = new Set<() => void>();
function setScreenTitle(title: string | null) {
  if (title === current) return;
  current = title;
  for (const listener of listeners) listener();
}

/** The open screen's own title (null while it loads); the shell adds the app name and the count. */
export function useCurrentScreenTitle(): string | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

/** "(3) Mine — Frontline": the screen first, then the app. */
export function windowTitle(appName: string, screen: string | null): string {
  return screen ? `${screen} — ${appName}` : appName;
}

/**
 * Whether the screen may still move focus (to its heading, or to the row the agent came back
 * to): not once the agent has gone on inside the screen while it loaded (clicked the search
 * box, started typing). Focus on the page body, the heading or outside the screen (the link
 * that led here) is nobody's yet.
 */
export function focusIsFree(screen: Element | null, heading: Element | null): boolean {
  const active = document.activeElement;
  if (!active || active === document.body || active === heading) return true;
  return !screen?.contains(active);
}

/**
 * Names the screen and focuses its heading once it shows (pass `focus: false` while something
 * else should take focus, such as the composer opened by `r`, or the row the agent came back to).
 * Returns the ref for the screen's `<h1 tabIndex={-1}>`.
 */
export function useScreenTitle(title: string | null, { focus = true }: { focus?: boolean } = {}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const done = useRef(false);
  useEffect(() => {
    if (title !== null) setScreenTitle(title);
  }, [title]);
  useEffect(() => () => setScreenTitle(null), []);
  useEffect(() => {
    if (done.current || !focus || title === null || !heading.current) return;
    done.current = true;
    if (focusIsFree(heading.current.closest('main'), heading.current)) heading.current.focus({ preventScroll: true });
  });
  return heading;
}

/** The heading of a screen whose title is plain text. */
export function ScreenHeading({ title, children, className }: { title: string; children?: ReactNode; className?: string }) {
  const heading = useScreenTitle(title);
  return (
    <h1 ref={heading} tabIndex={-1} className={className}>
      {children ?? title}
    </h1>
  );
}
