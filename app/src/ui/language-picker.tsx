// Interface language switch; signed-in agents also save it to their profile (PATCH /me).
import { useTranslation } from 'react-i18next';
import { changeLocale, supportedLocales } from '../i18n';
import { CommitSelect } from '../a11y/commit-select';

/** Each interface language in its own words. */
const localeNames: Record<string, string> = { en: 'English', ru: 'Русский', ka: 'ქართული' };

export function LanguagePicker({ onChange }: { onChange?: (locale: string) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <label className="field inline">
      <span>{t('settings.interfaceLanguage')}</span>
      <CommitSelect
        value={i18n.language}
        name="locale"
        onCommit={(locale) => {
          changeLocale(locale);
          onChange?.(locale);
        }}
      >
        {supportedLocales.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {localeNames[locale]}
          </option>
        ))}
      </CommitSelect>
    </label>
  );
}
