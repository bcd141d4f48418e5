// Keyboard shortcuts of the workspace, as a pure mapping from a key event to an action, so the
// rules (no shortcuts while typing, no modifiers, every keyboard layout) are testable without a browser.
import { ticketStatuses, type TicketStatus } from '@frontline/shared';

export type StatusAction = `status:${TicketStatus}`;
export type ShortcutAction = 'next' | 'previous' | 'open' | 'reply' | 'note' | 'solve' | 'search' | 'select' | 'escape' | 'help' | 'undo' | StatusAction;

export interface KeyLike {
  key: string;
  /** The physical key (KeyJ, Digit1, Slash): the same on an English, Russian or Georgian layout. */
  code?: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
  target?: { tagName?: string; isContentEditable?: boolean; type?: string } | null;
  /** The key comes from an open dialog: its keys are its own (Escape closes it). */
  inDialog?: boolean;
}

const letters: Record<string, ShortcutAction> = { j: 'next', k: 'previous', o: 'open', r: 'reply', n: 'note', e: 'solve', x: 'select', u: 'undo' };
const named: Record<string, ShortcutAction> = { ArrowDown: 'next', ArrowUp: 'previous', Enter: 'open', Escape: 'escape' };

/** Digits 1–6 set the status, in the order the status menu lists them. */
export const statusKeys: ReadonlyArray<[digit: string, status: TicketStatus]> = ticketStatuses.map((status, i) => [String(i + 1), status]);

/** What the shortcuts dialog lists, in this order; `keys` are shown as typed on an English layout. */
export const shortcutList: ReadonlyArray<{ keys: string[]; action: ShortcutAction | 'status'; where: 'inbox' | 'ticket' | 'both' }> = [
  { keys: ['j', '↓'], action: 'next', where: 'inbox' },
  { keys: ['k', '↑'], action: 'previous', where: 'inbox' },
  { keys: ['Enter', 'o'], action: 'open', where: 'inbox' },
  { keys: ['x'], action: 'select', where: 'inbox' },
  { keys: ['r'], action: 'reply', where: 'both' },
  { keys: ['n'], action: 'note', where: 'both' },
  { keys: ['e'], action: 'solve', where: 'both' },
  { keys: statusKeys.map(([digit]) => digit), action: 'status', where: 'both' },
  { keys: ['u'], action: 'undo', where: 'both' },
  { keys: ['/'], action: 'search', where: 'inbox' },
  { keys: ['Esc'], action: 'escape', where: 'both' },
  { keys: ['?'], action: 'help', where: 'both' },
];

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

/**
 * The action a key stands for. A Latin letter counts as typed (so Dvorak and AZERTY users press
 * the letter they see); any other character (о on a Russian layout, ო on a Georgian one) counts by
 * its physical key, so j, k, r, n, e work on every layout.
 */
function actionOf(event: KeyLike): ShortcutAction | null {
  const { key, code = '' } = event;
  if (named[key]) return named[key];
  if (key === '?' || (code === 'Slash' && event.shiftKey)) return 'help';
  if (key === '/' || code === 'Slash') return 'search';
  const digit = /^[1-9]$/.test(key) ? key : /^(?:Digit|Numpad)([1-9])$/.exec(code)?.[1];
  if (digit && !event.shiftKey) {
    const status = statusKeys.find(([d]) => d === digit)?.[1];
    return status ? `status:${status}` : null;
  }
  if (event.shiftKey) return null;
  const letter = /^[a-z]$/i.test(key) ? key.toLowerCase() : /^Key([A-Z])$/.exec(code)?.[1]?.toLowerCase();
  return letter ? (letters[letter] ?? null) : null;
}

export function shortcutFor(event: KeyLike): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.inDialog) return null;
  const action = actionOf(event);
  if (!action) return null;
  if (isTyping(event.target)) return action === 'escape' ? 'escape' : null;
  // Enter on a button or link already does what it says; only rows take it as "open".
  if (action === 'open' && event.key === 'Enter') {
    const tag = (event.target?.tagName ?? '').toUpperCase();
    if (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') return null;
  }
  return action;
}

/** The status a status shortcut sets, or null for every other action. */
export function statusOf(action: ShortcutAction | null): TicketStatus | null {
  return action?.startsWith('status:') ? (action.slice('status:'.length) as TicketStatus) : null;
}

/** The fields of a key event that shortcutFor reads. */
export function keyOf(event: KeyboardEvent): KeyLike {
  const target = event.target as HTMLElement;
  const inDialog = !!(target?.closest?.('dialog[open]') ?? document.querySelector('dialog[open]'));
  return { key: event.key, code: event.code, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey, shiftKey: event.shiftKey, target, inDialog };
}

/** Moves a cursor within a list of `length` rows, staying inside it. */
export function moveCursor(current: number, action: 'next' | 'previous', length: number): number {
  if (length === 0) return -1;
  if (current < 0) return 0;
  const next = action === 'next' ? current + 1 : current - 1;
  return Math.max(0, Math.min(length - 1, next));
}
