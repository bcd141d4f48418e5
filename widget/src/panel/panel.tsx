// The chat panel: header, the visitor's conversations, one conversation with its composer, and the
// offline notice with the email field. A dialog; Escape closes it and the loader's launcher gets focus.

import { useEffect, useReducer, useState } from 'preact/hooks';
import type { ChatApi } from '../core/api.ts';
import type { ChatClient } from '../core/client.ts';
import type { SiteConfig } from '../core/site.ts';
import { siteText, type Locale, type Translate } from '../i18n/dict.ts';
import { Conversation } from './conversation.tsx';
import { EmailField } from './email-field.tsx';

export interface PanelProps {
  client: ChatClient;
  api: ChatApi;
  config: SiteConfig;
  locale: Locale;
  t: Translate;
  open: boolean;
  onClose: () => void;
}

type View = { kind: 'list' } | { kind: 'conversation'; key: string };

function useClient(client: ChatClient): void {
  const [, bump] = useReducer((n: number, _: number) => n + 1, 0);
  useEffect(() => client.subscribe(() => bump(1)), [client]);
}

export function Panel({ client, api, config, locale, t, open, onClose }: PanelProps) {
  useClient(client);
  const conversations = client.conversations();
  const [view, setView] = useState<View | null>(null);
  // First view: the newest conversation when there is one, else a new one.
  const current: View = view ?? (conversations[0] ? { kind: 'conversation', key: conversations[0].key } : { kind: 'conversation', key: '' });
  const [newKey] = useState(() => client.newConversationKey());
  const key = current.kind === 'conversation' ? current.key || newKey : '';

  const texts = {
    greeting: siteText({ en: config.texts.en?.greeting, ru: config.texts.ru?.greeting, ka: config.texts.ka?.greeting }, locale),
    offline: siteText({ en: config.texts.en?.offline, ru: config.texts.ru?.offline, ka: config.texts.ka?.offline }, locale),
  };
  const { availability } = config;
  const offlineText = texts.offline ?? t(availability.reason === 'nobody_online' ? 'offlineNobody' : 'offlineClosed');
  const showEmail = config.askEmail === 'always' || (config.askEmail === 'offline' && !availability.open);
  const formatTime = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  const formatDay = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    }
  };

  return (
    <div
      class={`fl-panel fl-${config.position}`}
      style={{ '--fl-color': config.color }}
      role="dialog"
      aria-label={t('chatWith', { name: config.name || 'Frontline' })}
      hidden={!open}
      onKeyDown={onKeyDown}
    >
      <div class="fl-head">
        {current.kind === 'conversation' && conversations.length > 0 && (
          <button type="button" class="fl-icon" aria-label={t('back')} onClick={() => setView({ kind: 'list' })}>
            ‹
          </button>
        )}
        <div class="fl-grow">
          <h2>{config.name}</h2>
          <p>{texts.greeting ?? t('greeting')}</p>
        </div>
        <button type="button" class="fl-icon" aria-label={t('closeChat')} onClick={onClose}>
          ×
        </button>
      </div>
      {!availability.open && (
        <div class="fl-body" style={{ flex: 'none', paddingBottom: 0 }}>
          <p class="fl-notice" role="status">
            {offlineText}
          </p>
        </div>
      )}
      {current.kind === 'list' ? (
        <div class="fl-body">
          <button
            type="button"
            class="fl-primary"
            onClick={() => setView({ kind: 'conversation', key: client.newConversationKey() })}
          >
            {t('newConversation')}
          </button>
          <h3 class="fl-sr">{t('conversations')}</h3>
          <ul class="fl-list" aria-label={t('conversations')}>
            {conversations.map((c) => (
              <li key={c.key}>
                <button type="button" onClick={() => setView({ kind: 'conversation', key: c.key })}>
                  <strong>{c.summary?.subject || c.summary?.lastMessage?.text.slice(0, 60) || t('newConversation')}</strong>
                  <small>
                    {c.lastAt ? formatDay.format(new Date(c.lastAt)) : ''} · {c.summary?.lastMessage?.text ?? t('noMessagesYet')}
                  </small>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <Conversation
          key={key}
          client={client}
          api={api}
          config={config}
          locale={locale}
          t={t}
          conversationKey={key}
          visible={open}
          formatTime={(iso) => formatTime.format(new Date(iso))}
          emailField={showEmail ? <EmailField client={client} api={api} t={t} /> : null}
        />
      )}
      {!client.connected && client.token && <p class="fl-sr" role="status">{t('reconnecting')}</p>}
    </div>
  );
}
