// The sign-in screen (an instance with no agent yet shows the set-up instead, set-up.tsx).
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { keys } from '../api/queries';
import { LanguagePicker } from '../ui/language-picker';
import { signIn } from './session';
import { AuthCard } from './auth-card';
import { windowTitle } from '../a11y/screen-title';

export function SignIn({ deskName = null }: { deskName?: string | null }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = windowTitle(t('app.name'), t('auth.title'));
  }, [t]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      await client.invalidateQueries({ queryKey: keys.me });
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'account_locked') setError(t('auth.locked'));
      else if (caught instanceof ApiError && caught.status === 429) setError(t('auth.rateLimited'));
      else if (caught instanceof ApiError && caught.status === 0) setError(t('errors.network'));
      else if (caught instanceof ApiError && caught.status < 500) setError(t('auth.failed'));
      else setError(t('errors.generic', { message: caught instanceof Error ? caught.message : String(caught) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthCard id="signin-title" title={t('auth.title')} onSubmit={submit}>
        {deskName && <p className="signin-desk">{deskName}</p>}
        <label className="field">
          <span>{t('auth.email')}</span>
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </label>
        <label className="field">
          <span>{t('auth.password')}</span>
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button className="button primary wide" type="submit" disabled={busy}>
          {busy ? t('auth.submitting') : t('auth.submit')}
        </button>
        <LanguagePicker />
    </AuthCard>
  );
}
