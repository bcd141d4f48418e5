// Keyboard shortcuts of the workspace, as a pure mapping from a key event to an action, so the
// rules (no shortcuts while typing, no modifiers) are testable without a browser.

export type ShortcutAction = 'next' | 'previous' | 'open' | 'reply' | 'note' | 'solve' | 'search' | 'select' | 'escape' | 'help';

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target?: { tagName?: string; isContentEditable?: boolean; type?: string } | null;
}

const bindings: Record<string, ShortcutAction> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'previous',
  ArrowUp: 'previous',
  Enter: 'open',
  o: 'open',
  r: 'reply',
  n: 'note',
  e: 'solve',
  '/': 'search',
  x: 'select',
  Escape: 'escape',
  '?': 'help',
};

const typingInputTypes = new Set(['text', 'search', 'email', 'password', 'number', 'url', 'tel', 'date', 'time']);

/** True when the event comes from a place where keys are text, not commands. */
export function isTyping(target: KeyLike['target']): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = (target.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return typingInputTypes.has((target.type ?? 'text').toLowerCase());
  return false;
}

export function shortcutFor(event: KeyLike): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  const action = bindings[event.key] ?? null;
  if (!action) return null;
  if (isTyping(event.target)) return action === 'escape' ? 'escape' : null;
  // Enter on a button or link already does what it says; only rows take it as "open".
  if (action === 'open' && event.key === 'Enter') {
    const tag = (event.target?.tagName ?? '').toUpperCase();
    if (tag === 'BUTTON' || tag === 'A') return null;
  }
  return action;
}

/** Moves a cursor within a list of `length` rows, staying inside it. */
export function moveCursor(current: number, action: 'next' | 'previous', length: number): number {
  if (length === 0) return -1;
  if (current < 0) return 0;
  const next = action === 'next' ? current + 1 : current - 1;
  return Math.max(0, Math.min(length - 1, next));
}
