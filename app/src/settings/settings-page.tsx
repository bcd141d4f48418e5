// The agent's own settings: profile, language and time zone, password, notifications, API tokens.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useChangePassword, useTokenMutations, useTokens, useUpdateMe } from '../api/queries';
import { useSession } from '../auth/session';
import { formatRelative } from '../lib/format';
import { TimeZoneSelect } from '../ui/time-zone-select';
import { askPermission, isEnabled, playChime, setEnabled, type NotifySetting } from '../live/notifier';
import { accountErrorText } from '../ui/account-errors';
import { LanguagePicker } from '../ui/language-picker';
import { CopyButton } from '../ui/copy-button';
import { EmptyState, ErrorState, LoadingState, errorText } from '../ui/states';
import { ScreenHeading } from '../a11y/screen-title';

export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <main className="admin-page settings" id="main" tabIndex={-1}>
      <div className="page-head">
        <ScreenHeading title={t('settings.title')} />
      </div>
      <Profile />
      <Password />
      <Notifications />
      <Tokens />
    </main>
  );
}

function Profile() {
  const { t } = useTranslation();
  const { me } = useSession();
  const update = useUpdateMe();
  // Its own mutation, so its "Saved" shows beside the language, not under the profile form.
  const language = useUpdateMe();
  const [form, setForm] = useState({ name: me.name, alias: me.alias, signature: me.signature, avatarUrl: me.avatarUrl ?? '', timeZone: me.timeZone });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm({ ...form, [key]: e.target.value });
    if (update.isSuccess) update.reset();
  };

  return (
    <section className="card">
      <h2>{t('settings.profile')}</h2>
      <div className="inline-saved">
        <LanguagePicker onChange={(locale) => language.mutate({ locale })} />
        <span role="status" className="small">{language.isSuccess ? t('settings.saved') : ''}</span>
      </div>
      {language.isError && <p className="form-error" role="alert">{accountErrorText(language.error, t)}</p>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ ...form, avatarUrl: form.avatarUrl.trim() || null });
        }}
      >
        <div className="form-grid">
          <label className="field">
            <span>{t('settings.name')}</span>
            <input type="text" required value={form.name} onChange={set('name')} />
          </label>
          <label className="field">
            <span>{t('settings.alias')}</span>
            <input type="text" required value={form.alias} onChange={set('alias')} />
          </label>
          <label className="field">
            <span>{t('settings.avatarUrl')}</span>
            <input type="url" value={form.avatarUrl} onChange={set('avatarUrl')} placeholder="https://" aria-describedby="own-avatar-hint" />
            <small id="own-avatar-hint" className="muted">{t('settings.avatarHint')}</small>
          </label>
          <TimeZoneSelect label={t('settings.timeZone')} value={form.timeZone} onChange={(timeZone) => set('timeZone')({ target: { value: timeZone } })} />
          <label className="field wide">
            <span>{t('settings.signature')}</span>
            <textarea rows={3} value={form.signature} onChange={set('signature')} />
          </label>
        </div>
        {update.isError && <p className="form-error" role="alert">{accountErrorText(update.error, t)}</p>}
        <div className="form-actions">
          {update.isSuccess && <span role="status">{t('settings.saved')}</span>}
          <span className="spacer" />
          <button className="button primary" type="submit" disabled={update.isPending}>
            {t('settings.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Password() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const empty = { currentPassword: '', newPassword: '', repeat: '' };
  const [form, setForm] = useState(empty);
  const [mismatch, setMismatch] = useState(false);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });

  return (
    <section className="card">
      <h2>{t('password.title')}</h2>
      <p className="hint" id="password-rule">{t('password.rule')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setMismatch(form.newPassword !== form.repeat);
          if (form.newPassword !== form.repeat) return;
          change.mutate({ currentPassword: form.currentPassword, newPassword: form.newPassword }, { onSuccess: () => setForm(empty) });
        }}
      >
        <div className="form-grid">
          <label className="field">
            <span>{t('password.current')}</span>
            <input type="password" name="current-password" autoComplete="current-password" required value={form.currentPassword} onChange={set('currentPassword')} />
          </label>
          <label className="field">
            <span>{t('password.new')}</span>
            <input type="password" name="new-password" autoComplete="new-password" required minLength={12} value={form.newPassword} onChange={set('newPassword')} aria-describedby="password-rule" />
          </label>
          <label className="field">
            <span>{t('password.repeat')}</span>
            <input type="password" name="repeat-password" autoComplete="new-password" required value={form.repeat} onChange={set('repeat')} />
          </label>
        </div>
        {mismatch && <p className="form-error" role="alert">{t('password.mismatch')}</p>}
        {change.isError && !mismatch && <p className="form-error" role="alert">{accountErrorText(change.error, t)}</p>}
        <div className="form-actions">
          {change.isSuccess && <span role="status">{t('password.changed')}</span>}
          <span className="spacer" />
          <button className="button primary" type="submit" disabled={change.isPending}>
            {t('password.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Notifications() {
  const { t } = useTranslation();
  const [state, setState] = useState({ desktop: isEnabled('desktop'), sound: isEnabled('sound') });
  const [denied, setDenied] = useState(typeof Notification !== 'undefined' && Notification.permission === 'denied');

  async function toggle(setting: NotifySetting, on: boolean) {
    setEnabled(setting, on);
    setState({ ...state, [setting]: on });
    if (setting === 'desktop' && on) setDenied((await askPermission()) === 'denied');
    if (setting === 'sound' && on) playChime();
  }

  return (
    <section className="card">
      <h2>{t('settings.notifications')}</h2>
      <label className="check">
        <input type="checkbox" checked={state.desktop} onChange={(e) => void toggle('desktop', e.target.checked)} />
        {t('settings.desktop')}
      </label>
      {denied && state.desktop && <p className="form-error">{t('settings.permissionDenied')}</p>}
      <label className="check">
        <input type="checkbox" checked={state.sound} onChange={(e) => void toggle('sound', e.target.checked)} />
        {t('settings.sound')}
      </label>
    </section>
  );
}

function Tokens() {
  const { t, i18n } = useTranslation();
  const tokens = useTokens();
  const { create, revoke } = useTokenMutations();
  const [name, setName] = useState('');

  return (
    <section className="card">
      <h2>{t('settings.tokens')}</h2>
      <p className="hint">{t('settings.tokensHint')}</p>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) create.mutate(name.trim(), { onSuccess: () => setName('') });
        }}
      >
        <label className="field inline">
          <span>{t('settings.tokenName')}</span>
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button className="button" type="submit" disabled={!name.trim() || create.isPending}>
          {t('settings.createToken')}
        </button>
      </form>
      {create.data?.token && (
        <div className="token-once">
          <p>{t('settings.tokenCreated')}</p>
          <div className="token-copy">
            <code data-testid="new-token">{create.data.token}</code>
            <CopyButton text={create.data.token} label={t('firstrun.copyToken')} />
          </div>
        </div>
      )}
      {(create.isError || revoke.isError) && <p className="form-error" role="alert">{errorText(create.error ?? revoke.error, t)}</p>}
      {tokens.isPending ? (
        <LoadingState />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <EmptyState title={t('settings.noTokens')} />
      ) : (
        <ul className="token-list">
          {tokens.data.map((token) => (
            <li key={token.id}>
              <strong>{token.name}</strong>
              <span className="muted small">
                {token.lastUsedAt ? t('settings.lastUsed', { when: formatRelative(token.lastUsedAt, { locale: i18n.language }) }) : t('settings.neverUsed')}
              </span>
              <button className="button small danger" onClick={() => revoke.mutate(token.id)}>
                {t('settings.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
