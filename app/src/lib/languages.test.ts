import { describe, expect, it } from 'vitest';
import { knownLanguages } from './languages';

describe('known languages', () => {
  it('names each code once in the reader\'s language, sorted by name', () => {
    expect(knownLanguages(['ru', 'en', 'ka', 'en', 'de'], 'en')).toEqual([
      ['en', 'English'],
      ['ka', 'Georgian'],
      ['de', 'German'],
      ['ru', 'Russian'],
    ]);
  });

  it('leaves out empty values and anything that is not a language code', () => {
    expect(knownLanguages([undefined, null, '', 'EN', 'english', '<b>', 'ru'], 'en')).toEqual([['ru', 'Russian']]);
  });

  it('names languages in Russian for a Russian reader', () => {
    expect(knownLanguages(['ka'], 'ru')).toEqual([['ka', 'Грузинский']]);
  });
});
