// The visitor's email (PATCH /chat/visitor), so an answer reaches them after they have left the page.

import { useState } from 'preact/hooks';
import type { ChatApi } from '../core/api.ts';
import type { ChatClient } from '../core/client.ts';
import type { Translate } from '../i18n/dict.ts';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,63}$/;

export function EmailField({ client, api, t }: { client: ChatClient; api: ChatApi; t: Translate }) {
  const [email, setEmail] = useState('');
  const [state, setState] = useState<'idle' | 'saved' | 'invalid' | 'failed'>('idle');
  const save = async (e: Event) => {
    e.preventDefault();
    const value = email.trim();
    if (!EMAIL.test(value) || value.length > 254) return setState('invalid');
    const token = client.token;
    const ok = token ? await api.updateVisitor(token, { email: value }).catch(() => false) : false;
    setState(ok ? 'saved' : 'failed');
  };
  if (state === 'saved') return <p role="status">{t('emailSaved', { email: email.trim() })}</p>;
  return (
    <form class="fl-email" onSubmit={save}>
      <label for="fl-email">{t('emailLabel')}</label>
      <input
        id="fl-email"
        type="email"
        autocomplete="email"
        maxLength={254}
        value={email}
        aria-invalid={state === 'invalid'}
        onInput={(e) => setEmail(e.currentTarget.value)}
      />
      <button type="submit" class="fl-secondary">
        {t('emailSave')}
      </button>
      {(state === 'invalid' || state === 'failed') && (
        <span class="fl-error" role="alert">
          {t(state === 'invalid' ? 'emailInvalid' : 'unavailable')}
        </span>
      )}
    </form>
  );
}
