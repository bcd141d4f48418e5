// Texts a channel shows per interface language (a form's heading, a chat greeting): as a form holds
// them (every language, empty strings) and as the API takes them (only the filled ones). Pure.
import { locales, type Locale } from '@frontline/shared';

export type LocaleTexts<Field extends string> = Record<Locale, Record<Field, string>>;

/** Empty texts for every language, or those of `stored` (what the server holds; missing ones empty). */
export function localeTexts<Field extends string>(fields: readonly Field[], stored?: Partial<Record<Locale, Partial<Record<Field, string | null>>>> | null): LocaleTexts<Field> {
  return Object.fromEntries(locales.map((locale) => [locale, Object.fromEntries(fields.map((field) => [field, stored?.[locale]?.[field] ?? '']))])) as LocaleTexts<Field>;
}

/** The texts as the API takes them: trimmed, an empty one left out (the built-in text is used). */
export function localeTextsBody<Field extends string>(texts: LocaleTexts<Field>): Record<Locale, Partial<Record<Field, string>>> {
  return Object.fromEntries(
    locales.map((locale) => [locale, Object.fromEntries(Object.entries<string>(texts[locale]).flatMap(([field, value]) => (value.trim() ? [[field, value.trim()]] : [])))]),
  ) as Record<Locale, Partial<Record<Field, string>>>;
}
