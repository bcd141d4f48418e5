import { describe, expect, it } from 'vitest';
import { moveCursor, shortcutFor, statusOf } from './shortcuts';

describe('keyboard shortcuts', () => {
  it('maps the workspace keys', () => {
    expect(shortcutFor({ key: 'j', code: 'KeyJ' })).toBe('next');
    expect(shortcutFor({ key: 'k', code: 'KeyK' })).toBe('previous');
    expect(shortcutFor({ key: 'Enter', target: { tagName: 'DIV' } })).toBe('open');
    expect(shortcutFor({ key: 'r' })).toBe('reply');
    expect(shortcutFor({ key: 'n' })).toBe('note');
    expect(shortcutFor({ key: 'e' })).toBe('solve');
    expect(shortcutFor({ key: 'u' })).toBe('undo');
    expect(shortcutFor({ key: 'q', code: 'KeyQ' })).toBeNull();
  });

  it('works on a Russian and a Georgian layout by the physical key', () => {
    expect(shortcutFor({ key: 'о', code: 'KeyJ' })).toBe('next');
    expect(shortcutFor({ key: 'л', code: 'KeyK' })).toBe('previous');
    expect(shortcutFor({ key: 'к', code: 'KeyR' })).toBe('reply');
    expect(shortcutFor({ key: 'т', code: 'KeyN' })).toBe('note');
    expect(shortcutFor({ key: 'у', code: 'KeyE' })).toBe('solve');
    expect(shortcutFor({ key: 'ჯ', code: 'KeyJ' })).toBe('next');
    expect(shortcutFor({ key: 'კ', code: 'KeyK' })).toBe('previous');
    expect(shortcutFor({ key: 'რ', code: 'KeyR' })).toBe('reply');
    expect(shortcutFor({ key: 'ე', code: 'KeyE' })).toBe('solve');
    // Russian "." sits on the / key, and Shift+/ types ",": search and help still answer.
    expect(shortcutFor({ key: '.', code: 'Slash' })).toBe('search');
    expect(shortcutFor({ key: ',', code: 'Slash', shiftKey: true })).toBe('help');
  });

  it('takes a typed Latin letter as the letter, so other Latin layouts press what they see', () => {
    // Dvorak: the key labelled "j" is where QWERTY has "c".
    expect(shortcutFor({ key: 'j', code: 'KeyC' })).toBe('next');
    expect(shortcutFor({ key: 'c', code: 'KeyJ' })).toBeNull();
  });

  it('sets every status by a digit and opens the help with ?', () => {
    expect(statusOf(shortcutFor({ key: '1', code: 'Digit1' }))).toBe('new');
    expect(statusOf(shortcutFor({ key: '2', code: 'Digit2' }))).toBe('open');
    expect(statusOf(shortcutFor({ key: '3', code: 'Digit3' }))).toBe('pending');
    expect(statusOf(shortcutFor({ key: '4', code: 'Digit4' }))).toBe('on_hold');
    expect(statusOf(shortcutFor({ key: '5', code: 'Digit5' }))).toBe('solved');
    expect(statusOf(shortcutFor({ key: '6', code: 'Digit6' }))).toBe('closed');
    expect(shortcutFor({ key: '7', code: 'Digit7' })).toBeNull();
    // AZERTY types "&" on the 1 key without Shift.
    expect(statusOf(shortcutFor({ key: '&', code: 'Digit1' }))).toBe('new');
    expect(statusOf(shortcutFor({ key: 'j' }))).toBeNull();
    expect(shortcutFor({ key: '?', code: 'Slash', shiftKey: true })).toBe('help');
    expect(shortcutFor({ key: '/', code: 'Slash' })).toBe('search');
  });

  it('leaves keys alone while the agent types', () => {
    expect(shortcutFor({ key: 'j', target: { tagName: 'TEXTAREA' } })).toBeNull();
    expect(shortcutFor({ key: 'о', code: 'KeyJ', target: { tagName: 'TEXTAREA' } })).toBeNull();
    expect(shortcutFor({ key: '5', code: 'Digit5', target: { tagName: 'INPUT', type: 'text' } })).toBeNull();
    expect(shortcutFor({ key: 'e', target: { tagName: 'INPUT', type: 'search' } })).toBeNull();
    expect(shortcutFor({ key: 'r', target: { tagName: 'DIV', isContentEditable: true } })).toBeNull();
    expect(shortcutFor({ key: 'Escape', target: { tagName: 'TEXTAREA' } })).toBe('escape');
    expect(shortcutFor({ key: 'j', target: { tagName: 'INPUT', type: 'checkbox' } })).toBe('next');
  });

  it('ignores keys with modifiers and Enter on buttons', () => {
    expect(shortcutFor({ key: 'r', ctrlKey: true })).toBeNull();
    expect(shortcutFor({ key: 'k', metaKey: true })).toBeNull();
    expect(shortcutFor({ key: 'о', code: 'KeyJ', altKey: true })).toBeNull();
    expect(shortcutFor({ key: 'J', code: 'KeyJ', shiftKey: true })).toBeNull();
    expect(shortcutFor({ key: 'Enter', target: { tagName: 'BUTTON' } })).toBeNull();
    expect(shortcutFor({ key: 'Escape', inDialog: true })).toBeNull();
    expect(shortcutFor({ key: 'j', inDialog: true })).toBeNull();
  });

  it('moves the cursor within the list', () => {
    expect(moveCursor(-1, 'next', 3)).toBe(0);
    expect(moveCursor(0, 'next', 3)).toBe(1);
    expect(moveCursor(2, 'next', 3)).toBe(2);
    expect(moveCursor(0, 'previous', 3)).toBe(0);
    expect(moveCursor(0, 'next', 0)).toBe(-1);
  });
});
