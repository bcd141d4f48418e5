import { describe, expect, it } from 'vitest';
import { moveCursor, shortcutFor } from './shortcuts';

describe('keyboard shortcuts', () => {
  it('maps the workspace keys', () => {
    expect(shortcutFor({ key: 'j' })).toBe('next');
    expect(shortcutFor({ key: 'k' })).toBe('previous');
    expect(shortcutFor({ key: 'Enter', target: { tagName: 'DIV' } })).toBe('open');
    expect(shortcutFor({ key: 'r' })).toBe('reply');
    expect(shortcutFor({ key: 'n' })).toBe('note');
    expect(shortcutFor({ key: 'e' })).toBe('solve');
    expect(shortcutFor({ key: 'q' })).toBeNull();
  });

  it('leaves keys alone while the agent types', () => {
    expect(shortcutFor({ key: 'j', target: { tagName: 'TEXTAREA' } })).toBeNull();
    expect(shortcutFor({ key: 'e', target: { tagName: 'INPUT', type: 'search' } })).toBeNull();
    expect(shortcutFor({ key: 'r', target: { tagName: 'DIV', isContentEditable: true } })).toBeNull();
    expect(shortcutFor({ key: 'Escape', target: { tagName: 'TEXTAREA' } })).toBe('escape');
    expect(shortcutFor({ key: 'j', target: { tagName: 'INPUT', type: 'checkbox' } })).toBe('next');
  });

  it('ignores keys with modifiers and Enter on buttons', () => {
    expect(shortcutFor({ key: 'r', ctrlKey: true })).toBeNull();
    expect(shortcutFor({ key: 'k', metaKey: true })).toBeNull();
    expect(shortcutFor({ key: 'Enter', target: { tagName: 'BUTTON' } })).toBeNull();
  });

  it('moves the cursor within the list', () => {
    expect(moveCursor(-1, 'next', 3)).toBe(0);
    expect(moveCursor(0, 'next', 3)).toBe(1);
    expect(moveCursor(2, 'next', 3)).toBe(2);
    expect(moveCursor(0, 'previous', 3)).toBe(0);
    expect(moveCursor(0, 'next', 0)).toBe(-1);
  });
});
