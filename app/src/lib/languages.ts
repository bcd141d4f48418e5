// The languages a filter offers: codes the desk knows (its interface languages and those its
// agents speak), each named in the reader's language, without duplicates or junk.

const CODE = /^[a-z]{2,3}$/;

/** [code, name] pairs sorted by name; names come from Intl.DisplayNames, the code when it has none. */
export function knownLanguages(codes: Array<string | undefined | null>, uiLocale: string): [string, string][] {
  const unique = [...new Set(codes.filter((code): code is string => !!code && CODE.test(code)))];
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([uiLocale, 'en'], { type: 'language' });
  } catch {
    names = null;
  }
  const name = (code: string) => {
    const found = names?.of(code);
    return found && found !== code ? found.charAt(0).toLocaleUpperCase(uiLocale) + found.slice(1) : code;
  };
  return unique.map((code): [string, string] => [code, name(code)]).sort((a, b) => a[1].localeCompare(b[1], uiLocale));
}
