// Interface language switch; signed-in agents also save it to their profile (PATCH /me).
import { useTranslation } from 'react-i18next';
import { changeLocale, supportedLocales } from '../i18n';

/** Each interface language in its own words. */
const localeNames: Record<string, string> = { en: 'English', ru: 'Русский', ka: 'ქართული' };

export function LanguagePicker({ onChange }: { onChange?: (locale: string) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <label className="field inline">
      <span>{t('settings.interfaceLanguage')}</span>
      <select
        name="locale"
        value={i18n.language}
        onChange={(e) => {
          changeLocale(e.target.value);
          onChange?.(e.target.value);
        }}
      >
        {supportedLocales.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {localeNames[locale]}
          </option>
        ))}
      </select>
    </label>
  );
}
