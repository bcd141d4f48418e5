// One message of the log: an agent's with alias and avatar (initials when none), the visitor's own
// with its state: sending, sent ✓, read ✓✓, or failed with retry.

import type { ChatClient } from '../core/client.ts';
import type { DisplayItem } from '../core/merge.ts';
import type { Translate } from '../i18n/dict.ts';

interface Props {
  item: DisplayItem;
  t: Translate;
  formatTime: (iso: string) => string;
  client: ChatClient;
  onDownload: (id: number, filename: string) => void;
}

function initials(alias: string): string {
  return alias
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => [...w][0]?.toUpperCase() ?? '')
    .join('');
}

/** Only http(s) avatars: a javascript: or data: URL from a hostile profile is not loaded. */
const safeUrl = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);

export function MessageItem({ item, t, formatTime, client, onDownload }: Props) {
  const own = item.own;
  const text = item.kind === 'message' ? item.message.text : item.pending.text;
  const at = item.kind === 'message' ? item.message.at : item.pending.at;
  const author = item.kind === 'message' ? item.message.author : null;
  const isAgent = item.kind === 'message' && item.message.from !== 'visitor';
  const avatar = safeUrl(author?.avatarUrl ?? null);
  const stateText =
    own === 'sending' ? t('sending') : own === 'sent' ? `✓ ${t('sent')}` : own === 'read' ? `✓✓ ${t('read')}` : own === 'failed' ? t('failed') : '';

  return (
    <div class={`fl-msg${own ? ' fl-own' : ''}`}>
      {isAgent && (
        <span class="fl-avatar" aria-hidden="true">
          {avatar ? <img src={avatar} alt="" /> : initials(author?.alias ?? '?')}
        </span>
      )}
      <div>
        <div class="fl-bubble">
          {isAgent && author && <strong style={{ display: 'block' }}>{author.alias}</strong>}
          {text}
          {item.kind === 'message' &&
            item.message.attachments.map((a) => (
              <button
                type="button"
                class="fl-file"
                key={a.id}
                aria-label={t('download', { name: a.filename })}
                onClick={() => onDownload(a.id, a.filename)}
              >
                📄 {a.filename}
              </button>
            ))}
          {item.kind === 'pending' && item.pending.files?.map((f) => <span class="fl-file" key={f.name}>📄 {f.name}</span>)}
        </div>
        <div class="fl-meta">
          <time dateTime={at}>{at ? formatTime(at) : ''}</time>
          {own && <span> · {stateText}</span>}
          {item.kind === 'pending' && item.pending.state === 'failed' && (
            <>
              {item.pending.error === 'files_lost' ? <span> · {t('filesLost')}</span> : (
                <>
                  {' '}
                  <button type="button" class="fl-secondary" onClick={() => client.retry(item.pending.clientId)}>
                    {t('retry')}
                  </button>
                </>
              )}{' '}
              <button type="button" class="fl-secondary" onClick={() => client.discard(item.pending.clientId)}>
                {t('remove')}
              </button>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
