// i18next set-up: three bundled dictionaries (small), English as the fallback.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { locales } from '@frontline/shared';
import { pickLocale } from '../lib/format';
import { en } from './en';
import { ru } from './ru';
import { ka } from './ka';

export const supportedLocales: readonly string[] = locales;

export function initialLocale(): string {
  return pickLocale(localStorage.getItem('frontline.locale'), navigator.languages ?? [navigator.language], supportedLocales);
}

export async function setupI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ru: { translation: ru }, ka: { translation: ka } },
    lng: initialLocale(),
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
    localStorage.setItem('frontline.locale', lng);
  });
  return i18next;
}

export function changeLocale(locale: string): void {
  if (supportedLocales.includes(locale) && i18next.language !== locale) void i18next.changeLanguage(locale);
}
