// A first guess at a text's language from its script: Georgian (Mkhedruli), Cyrillic (taken as
// Russian), Latin (taken as English). Enough to pick the search configuration and the reply
// language until real detection arrives; null when the text has too few letters to tell.
export type GuessedLanguage = 'ka' | 'ru' | 'en';

export function guessLanguage(text: string): GuessedLanguage | null {
  let georgian = 0;
  let cyrillic = 0;
  let latin = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0x10a0 && code <= 0x10ff) georgian++;
    else if (code >= 0x0400 && code <= 0x04ff) cyrillic++;
    else if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) latin++;
  }
  const total = georgian + cyrillic + latin;
  if (total < 3) return null;
  if (georgian >= cyrillic && georgian >= latin) return 'ka';
  if (cyrillic >= latin) return 'ru';
  return 'en';
}
