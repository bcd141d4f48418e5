// The composer: a public reply or an internal note, with files, the signature, and who the
// customer will see as the sender.
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSendMessage } from '../api/queries';
import { useSession } from '../auth/session';
import { formatSize } from '../lib/format';
import { useLive } from '../live/live-provider';
import { errorText } from '../ui/states';
import { clearDraft, loadDraft, saveDraft } from '../lib/drafts';
import { announce } from '../a11y/announcer';
import { focusHeading } from '../a11y/focus-rescue';
import { Icon } from '../ui/icons';
import { ReplyDestination, ReplyWarning, cannotReach, type ReplyWhereProps } from '../deliveries/reply-where';

export type ComposeMode = 'reply' | 'note';

export interface ComposerHandle {
  focus(mode: ComposeMode): void;
}

export const Composer = forwardRef<ComposerHandle, { ticketId: number; initialMode?: ComposeMode } & ReplyWhereProps>(function Composer({ ticketId, initialMode, target, issue }, ref) {
  const { t, i18n } = useTranslation();
  const { me, canReply: mayReply } = useSession();
  // A reply that nothing can reach is refused by the server: only a note can be written.
  const canReply = mayReply && !cannotReach({ target, issue });
  const { client: live } = useLive();
  // A draft kept from before (Escape, another ticket, a reload) comes back as it was.
  const [restored] = useState(() => loadDraft(me.id, ticketId));
  const [mode, setMode] = useState<ComposeMode>(canReply ? (initialMode ?? restored?.mode ?? 'reply') : 'note');
  const [body, setBody] = useState(restored?.body ?? '');
  useEffect(() => {
    if (!canReply && mode === 'reply') setMode('note');
  }, [canReply, mode]);
  const [files, setFiles] = useState<File[]>([]);
  const send = useSendMessage();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useImperativeHandle(ref, () => ({
    focus(next) {
      if (next === 'reply' && !canReply) return;
      setMode(next);
      textarea.current?.focus();
    },
  }));

  useEffect(() => {
    if (initialMode) textarea.current?.focus();
  }, [initialMode]);

  useEffect(() => {
    if (restored) announce(t('a11y.draft.restored'));
  }, [restored, t]);

  useEffect(() => saveDraft(me.id, ticketId, { body, mode }), [me.id, ticketId, body, mode]);

  useEffect(() => () => {
    if (typingTimer.current) clearTimeout(typingTimer.current);
  }, []);

  function onType(value: string) {
    setBody(value);
    // Others see "typing" while keys move, and "viewing" again after 5 s of quiet.
    live.setPresence(ticketId, 'typing');
    if (typingTimer.current) clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(() => live.setPresence(ticketId, 'viewing'), 5000);
  }

  async function submit() {
    if (!body.trim() && files.length === 0) return;
    if (send.isPending) return;
    await send.mutateAsync({ ticketId, body: body.trim(), internal: mode === 'note', files });
    setBody('');
    setFiles([]);
    clearDraft(me.id, ticketId);
    live.setPresence(ticketId, 'viewing');
    announce(mode === 'note' ? t('a11y.sent.note') : t('a11y.sent.reply'));
    // Focus stays in the composer, ready for the next words (it never falls to the page).
    textarea.current?.focus();
  }

  const isNote = mode === 'note';
  return (
    <form
      className={`composer ${mode}`}
      aria-label={t('composer.label')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit().catch(() => undefined);
      }}
    >
      <div className="composer-tabs" role="radiogroup" aria-label={t('composer.label')}>
        {(['reply', 'note'] as const).map((option) => (
          <label key={option} className={`tab ${mode === option ? 'active' : ''} ${option}`}>
            <input type="radio" name="mode" value={option} checked={mode === option} onChange={() => setMode(option)} disabled={option === 'reply' && !canReply} />
            <span>{t(`composer.${option}`)}</span>
          </label>
        ))}
        <span className="composer-sender">
          {isNote ? (
            <span className="note-label"><Icon name="lock" /> {t('composer.noteHint')}</span>
          ) : (
            <>
              <ReplyDestination target={target} issue={issue} />
              {t('composer.customerSees')}: <strong data-testid="sender-alias">{me.alias}</strong>
            </>
          )}
        </span>
      </div>
      {mayReply && <ReplyWarning target={target} issue={issue} onNote={() => { setMode('note'); textarea.current?.focus(); }} />}
      {!mayReply && <p className="hint">{t('composer.readOnly')}</p>}
      <label className="sr-only" htmlFor={`composer-${ticketId}`}>
        {isNote ? t('composer.notePlaceholder') : t('composer.replyPlaceholder')}
      </label>
      <textarea
        id={`composer-${ticketId}`}
        ref={textarea}
        value={body}
        rows={4}
        placeholder={isNote ? t('composer.notePlaceholder') : t('composer.replyPlaceholder')}
        onChange={(e) => onType(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit().catch(() => undefined);
          }
          // Escape leaves the composer for the ticket's heading and keeps what was typed (a second Escape goes back).
          if (e.key === 'Escape') {
            focusHeading();
            if (body.trim()) announce(t('a11y.draft.kept'));
          }
        }}
      />
      {body.trim() && <p className="hint draft-note" data-testid="draft-note">{t('a11y.draft.note')}</p>}
      {!isNote && (
        <div className="signature" aria-label={t('composer.signature')}>
          {me.signature ? <span className="signature-text">{me.signature}</span> : <span className="muted">{t('composer.noSignature')}</span>}
        </div>
      )}
      {files.length > 0 && (
        <ul className="file-list">
          {files.map((file, index) => (
            <li key={`${file.name}-${index}`}>
              <span>{file.name}</span> <span className="muted">{formatSize(file.size, i18n.language)}</span>
              <button type="button" className="icon-button small" aria-label={t('composer.removeFile', { name: file.name })} onClick={() => setFiles(files.filter((_, i) => i !== index))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {send.isError && (
        <p className="form-error" role="alert">
          {t('composer.failed', { message: errorText(send.error, t) })}
        </p>
      )}
      <div className="composer-actions">
        <input ref={fileInput} type="file" multiple hidden onChange={(e) => setFiles([...files, ...Array.from(e.target.files ?? [])])} />
        <button type="button" className="button ghost" onClick={() => fileInput.current?.click()}>
          <Icon name="clip" /> {t('composer.attach')}
        </button>
        <span className="hint">{t('composer.sendHint')}</span>
        {/* aria-disabled, not disabled: a disabled button drops its focus to the page. */}
        <button type="submit" className={`button ${isNote ? 'note-button' : 'primary'}`} aria-disabled={send.isPending || (!body.trim() && files.length === 0)}>
          {send.isPending ? t('composer.sending') : isNote ? t('composer.addNote') : t('composer.send')}
        </button>
      </div>
    </form>
  );
});
