// The first-run set-up: on an instance with no agent yet, the person who installed it names the
// desk and creates the first admin (real name, the alias customers see, time zone, language).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, post, setCsrfToken } from '../api/client';
import { keys } from '../api/queries';
import { browserTimeZone } from '../lib/time-zone';
import { TimeZoneSelect } from '../ui/time-zone-select';
import { accountErrorText } from '../ui/account-errors';
import { LanguagePicker } from '../ui/language-picker';
import { AuthCard } from './auth-card';

export function SetUp() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [form, setForm] = useState({ deskName: '', name: '', alias: '', email: '', password: '', repeat: '', timeZone: browserTimeZone() ?? 'UTC' });
  // The alias follows the name until the person types an alias of their own.
  const [aliasEdited, setAliasEdited] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => {
    const value = e.target.value;
    setForm((old) => ({ ...old, [key]: value, ...(key === 'name' && !aliasEdited && { alias: value }) }));
    if (key === 'alias') setAliasEdited(true);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (form.password !== form.repeat) {
      setError(t('password.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { repeat: _repeat, ...body } = form;
      const result = await post<{ csrfToken: string }>('/setup', { ...body, deskName: body.deskName.trim(), name: body.name.trim(), alias: body.alias.trim(), email: body.email.trim(), locale: i18n.language });
      setCsrfToken(result.csrfToken);
      await client.invalidateQueries({ queryKey: keys.setup });
      await client.invalidateQueries({ queryKey: keys.me });
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'setup_done') {
        setError(t('firstrun.alreadyDone'));
        await client.invalidateQueries({ queryKey: keys.setup });
      } else if (caught instanceof ApiError && caught.status === 429) setError(t('auth.rateLimited'));
      else setError(accountErrorText(caught, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard id="setup-title" title={t('firstrun.title')} className="setup-card" onSubmit={submit}>
        <p className="hint">{t('firstrun.intro')}</p>
        <LanguagePicker />
        <label className="field">
          <span>{t('firstrun.deskName')}</span>
          <input type="text" name="deskName" required maxLength={200} value={form.deskName} onChange={set('deskName')} placeholder={t('firstrun.deskNamePlaceholder')} autoFocus />
        </label>
        <label className="field">
          <span>{t('firstrun.name')}</span>
          <input type="text" name="name" autoComplete="name" required maxLength={200} value={form.name} onChange={set('name')} />
        </label>
        <label className="field">
          <span>{t('firstrun.alias')}</span>
          <input type="text" name="alias" required maxLength={200} value={form.alias} onChange={set('alias')} aria-describedby="setup-alias-hint" />
          <small id="setup-alias-hint" className="muted">{t('firstrun.aliasHint')}</small>
        </label>
        <label className="field">
          <span>{t('auth.email')}</span>
          <input type="email" name="email" autoComplete="username" required maxLength={320} value={form.email} onChange={set('email')} />
        </label>
        <label className="field">
          <span>{t('password.new')}</span>
          <input type="password" name="password" autoComplete="new-password" required minLength={12} value={form.password} onChange={set('password')} aria-describedby="setup-password-rule" />
          <small id="setup-password-rule" className="muted">{t('password.rule')}</small>
        </label>
        <label className="field">
          <span>{t('password.repeat')}</span>
          <input type="password" name="repeat" autoComplete="new-password" required value={form.repeat} onChange={set('repeat')} />
        </label>
        <TimeZoneSelect label={t('settings.timeZone')} value={form.timeZone} onChange={(timeZone) => set('timeZone')({ target: { value: timeZone } })} />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button className="button primary wide" type="submit" disabled={busy}>
          {busy ? t('firstrun.submitting') : t('firstrun.submit')}
        </button>
    </AuthCard>
  );
}
