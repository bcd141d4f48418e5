import { describe, expect, it } from 'vitest';
import { hasStraySeparator, joinParts } from './join-parts';

describe('one-line summaries', () => {
  it('leave out empty parts, so no separator dangles', () => {
    expect(joinParts(['nino@example.com', 'Nino', ''])).toBe('nino@example.com · Nino');
    expect(joinParts(['', '  ', null, undefined, false, 'ru, en'])).toBe('ru, en');
    expect(joinParts(['a', 'b'], ', ')).toBe('a, b');
    expect(joinParts([])).toBe('');
  });

  it('tell a stray separator from a good list', () => {
    for (const bad of ['nino@example.com · Nino · ', '· Nino', 'a · · b', 'ru, , en', 'ru,']) expect(hasStraySeparator(bad), bad).toBe(true);
    for (const good of ['nino@example.com · Nino · ru, en', 'Nino', '', '1,240.50 · paid']) expect(hasStraySeparator(good), good).toBe(false);
  });
});
