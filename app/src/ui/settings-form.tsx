// Pieces the channel settings screens share: a card of the list with its state chip, the buttons
// that deactivate or remove it, a form's cancel/save row, and texts per interface language.
import type { HTMLAttributes, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { locales, type Locale } from '@frontline/shared';
import type { LocaleTexts } from './locale-texts';

/** One connected thing (a bot, a number, a site) in a channel screen's list; dimmed when inactive. */
export function ChannelCard({ active, children, actions, className = 'mailbox-card', ...rest }: { active: boolean; children: ReactNode; actions?: ReactNode } & HTMLAttributes<HTMLLIElement> & Record<`data-${string}`, string | number>) {
  return (
    <li className={`card ${className} ${active ? '' : 'inactive'}`} {...rest}>
      <div className="mailbox-info">{children}</div>
      {actions}
    </li>
  );
}

export function ActiveChip({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return active ? <span className="chip status-solved">{t('mailboxes.active')}</span> : <span className="chip status-closed">{t('mailboxes.inactive')}</span>;
}

/** A danger button that asks first (the question names what goes). */
export function RemoveButton({ label, question, pending, onRemove, type }: { label: string; question: string; pending: boolean; onRemove: () => void; type?: 'button' }) {
  return (
    <button
      type={type}
      className="button small danger"
      disabled={pending}
      onClick={() => {
        if (window.confirm(question)) onRemove();
      }}
    >
      {label}
    </button>
  );
}

/** Cancel and submit at the end of a settings form. */
export function FormActions({ submitLabel, pending, onCancel }: { submitLabel: string; pending: boolean; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <span className="spacer" />
      <button type="button" className="button ghost" onClick={onCancel}>
        {t('admin.cancel')}
      </button>
      <button type="submit" className="button primary" disabled={pending}>
        {submitLabel}
      </button>
    </div>
  );
}

/** A fieldset with one row per language, one input per field (named `${field}-${locale}`). */
export function LocaleTextFields<Field extends string>({
  legend,
  hint,
  fields,
  value,
  onChange,
}: {
  legend: string;
  hint?: string;
  fields: ReadonlyArray<{ name: Field; label: (language: string) => string; maxLength: number; multiline?: boolean }>;
  value: LocaleTexts<Field>;
  onChange: (next: LocaleTexts<Field>) => void;
}) {
  const { t } = useTranslation();
  const set = (locale: Locale, field: Field, text: string) => onChange({ ...value, [locale]: { ...value[locale], [field]: text } });
  return (
    <fieldset className="form-section">
      <legend>{legend}</legend>
      {hint && <p className="small muted">{hint}</p>}
      {locales.map((locale) => (
        <div className="form-grid" key={locale}>
          {fields.map((field) => (
            <label className="field" key={field.name}>
              <span>{field.label(t(`language.${locale}`))}</span>
              {field.multiline ? (
                <textarea name={`${field.name}-${locale}`} rows={2} maxLength={field.maxLength} value={value[locale][field.name]} onChange={(e) => set(locale, field.name, e.target.value)} />
              ) : (
                <input type="text" name={`${field.name}-${locale}`} maxLength={field.maxLength} value={value[locale][field.name]} onChange={(e) => set(locale, field.name, e.target.value)} />
              )}
            </label>
          ))}
        </div>
      ))}
    </fieldset>
  );
}
