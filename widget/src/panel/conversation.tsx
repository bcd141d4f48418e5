// One conversation: the topic choice before its first message, the message log, the agent's typing,
// and the composer (Enter sends, Shift+Enter a new line, files checked before upload).

import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatApi } from '../core/api.ts';
import type { ChatClient } from '../core/client.ts';
import { checkFiles, formatBytes } from '../core/files.ts';
import type { SiteConfig } from '../core/site.ts';
import { realTimers } from '../core/timers.ts';
import { TypingThrottle } from '../core/typing.ts';
import type { Locale, Translate } from '../i18n/dict.ts';
import { MessageItem } from './message-item.tsx';

interface Props {
  client: ChatClient;
  api: ChatApi;
  config: SiteConfig;
  locale: Locale;
  t: Translate;
  conversationKey: string;
  visible: boolean;
  formatTime: (iso: string) => string;
  emailField: ComponentChildren;
}

export function Conversation({ client, api, config, locale, t, conversationKey, visible, formatTime, emailField }: Props) {
  const items = client.items(conversationKey);
  const view = client.conversation(conversationKey);
  const conversationId = view?.id ?? null;
  const [text, setText] = useState('');
  const [topic, setTopic] = useState<string | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const log = useRef<HTMLDivElement>(null);
  const typing = useRef<TypingThrottle | null>(null);
  const idRef = useRef(conversationId);
  idRef.current = conversationId;
  typing.current ??= new TypingThrottle((state) => idRef.current !== null && client.typing(idRef.current, state), realTimers);

  const needsTopic = items.length === 0 && config.topics.length > 0;
  const agentTyping = client.agentTyping(conversationId);

  useEffect(() => {
    if (visible) input.current?.focus();
  }, [visible]);
  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [items.length, visible]);
  // Read frames only while the visitor can see the conversation.
  useEffect(() => {
    if (visible && conversationId !== null && document.visibilityState === 'visible') client.markRead(conversationId);
  });
  useEffect(() => {
    if (conversationId !== null && items.length === 0) void client.loadMessages(conversationId).catch(() => {});
  }, [conversationId]);
  useEffect(() => () => typing.current?.stop(), []);

  const pickFiles = (picked: File[]) => {
    const next = [...files, ...picked];
    const p = checkFiles(next, config.maxFileBytes);
    if (p?.kind === 'too_many') setProblem(t('tooManyFiles', { max: p.max }));
    else if (p?.kind === 'too_large') setProblem(t('fileTooLarge', { name: p.name, max: formatBytes(p.max) }));
    else {
      setProblem(null);
      setFiles(next);
    }
  };

  const send = () => {
    const body = text.trim();
    if (!body && files.length === 0) return;
    if (needsTopic && !topic) {
      setProblem(t('chooseTopic'));
      return;
    }
    client.send({ conversationKey, text: body, ...(topic ? { topic } : {}), ...(files.length ? { files } : {}) });
    typing.current?.stop();
    setText('');
    setFiles([]);
    setProblem(null);
  };

  const download = async (id: number, filename: string) => {
    const token = client.token;
    if (!token) return;
    try {
      const url = URL.createObjectURL(await api.download(token, id));
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      setProblem(t('unavailable'));
    }
  };

  return (
    <>
      <div class="fl-body" ref={log}>
        {items.length === 0 && emailField}
        {needsTopic && (
          <fieldset>
            <legend>{t('chooseTopic')}</legend>
            {config.topics.map((tp) => (
              <label key={tp.id} style={{ display: 'block' }}>
                <input type="radio" name="fl-topic" value={tp.id} checked={topic === tp.id} onChange={() => setTopic(tp.id)} />{' '}
                {tp.label[locale] ?? tp.label.en ?? tp.id}
              </label>
            ))}
          </fieldset>
        )}
        <div class="fl-log" role="log" aria-live="polite" aria-label={t('conversations')}>
          {items.map((item) => (
            <MessageItem key={item.key} item={item} t={t} formatTime={formatTime} client={client} onDownload={download} />
          ))}
        </div>
        {items.length > 0 && !config.availability.open && emailField}
      </div>
      <div class="fl-typing" aria-live="polite">
        {agentTyping ? t('typing', { name: agentTyping }) : ''}
      </div>
      <form
        class="fl-compose"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        {problem && (
          <p class="fl-error" role="alert" style={{ margin: 0 }}>
            {problem}
          </p>
        )}
        {files.length > 0 && (
          <div class="fl-chips">
            {files.map((f, i) => (
              <span class="fl-chip" key={`${f.name}${i}`}>
                {f.name}
                <button type="button" aria-label={t('removeFile', { name: f.name })} onClick={() => setFiles(files.filter((_, j) => j !== i))}>
                  ×
                </button>
              </span>
            ))}
          </div>
        )}
        <div class="fl-row">
          <label class="fl-attach" title={t('attach')}>
            <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2"><path d="M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7" /></svg>
            <input
              type="file"
              multiple
              aria-label={t('attach')}
              onChange={(e) => {
                pickFiles([...(e.currentTarget.files ?? [])]);
                e.currentTarget.value = '';
              }}
            />
          </label>
          <textarea
            ref={input}
            rows={2}
            maxLength={10_000}
            aria-label={t('message')}
            placeholder={t('placeholder')}
            value={text}
            onInput={(e) => {
              setText(e.currentTarget.value);
              typing.current?.input();
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
                e.preventDefault();
                send();
              }
            }}
          />
          <button type="submit" class="fl-primary">
            {t('send')}
          </button>
        </div>
      </form>
    </>
  );
}
