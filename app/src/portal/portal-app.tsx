// The customer portal at /portal: sign in by a link mailed to you, then your requests on every
// channel, each with its conversation and a reply box, and a form for a new request with files.
// Separate from the agents' workspace: its own session, its own small screens, phone-first.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { locales } from '@frontline/shared';
import { ApiError } from '../api/client';
import type { PortalMessage, PortalTicket } from '../api/types';
import { changeLocale } from '../i18n';
import { formatDateTime, formatSize } from '../lib/format';
import { linkHandler, navigate, useLocation } from '../lib/router';
import { ErrorState, FormError, LoadingState, errorText } from '../ui/states';
import { formOf, usePortalMe, usePortalTicket, usePortalTickets, useRedeemLink, useRequestLink, useSendToPortal, useSignOut } from './api';

type PortalRoute = { name: 'list' } | { name: 'new' } | { name: 'ticket'; number: number } | { name: 'sign-in' };

export function parsePortalRoute(path: string): PortalRoute {
  const parts = path.replace(/[?#].*$/s, '').split('/').filter(Boolean);
  if (parts[1] === 'sign-in') return { name: 'sign-in' };
  if (parts[1] === 'new') return { name: 'new' };
  if (parts[1] === 'tickets' && parts[2] && /^\d{1,10}$/.test(parts[2])) return { name: 'ticket', number: Number(parts[2]) };
  return { name: 'list' };
}

/** The sign-in link's token, from the address's fragment (it never reached the server's logs). */
export const tokenOf = (hash: string): string | null => /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(hash)?.[1] ?? null;

export function PortalApp() {
  const { t } = useTranslation();
  const route = parsePortalRoute(useLocation());
  const me = usePortalMe(route.name !== 'sign-in');
  useEffect(() => {
    document.title = t('portal.title');
  }, [t]);
  if (route.name === 'sign-in') return <Frame><Verify /></Frame>;
  if (me.isPending) return <LoadingState full />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} full />;
  if (!me.data) return <Frame><RequestLink /></Frame>;
  return (
    <Frame who={me.data.emails[0] ?? me.data.name}>
      {route.name === 'ticket' ? <TicketScreen key={route.number} number={route.number} /> : route.name === 'new' ? <NewRequest /> : <Requests />}
    </Frame>
  );
}

function Frame({ who, children }: { who?: string; children: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const signOut = useSignOut();
  return (
    <div className="portal">
      <header className="portal-head">
        <a href="/portal" onClick={linkHandler('/portal')} className="portal-brand">
          {t('portal.title')}
        </a>
        <div className="portal-tools">
          <label className="sr-only" htmlFor="portal-language">
            {t('portal.language')}
          </label>
          <select id="portal-language" value={i18n.language} onChange={(e) => changeLocale(e.target.value)}>
            {locales.map((locale) => (
              <option key={locale} value={locale}>
                {t(`portal.languages.${locale}`)}
              </option>
            ))}
          </select>
          {who && (
            <>
              <span className="portal-who">{who}</span>
              <button className="button small" onClick={() => signOut.mutate(undefined, { onSuccess: () => navigate('/portal') })}>
                {t('portal.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" className="portal-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

function RequestLink() {
  const { t, i18n } = useTranslation();
  const request = useRequestLink();
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  function submit(event: FormEvent) {
    event.preventDefault();
    const locale = (locales as readonly string[]).includes(i18n.language) ? (i18n.language as 'en' | 'ru' | 'ka') : 'en';
    request.mutate({ email: email.trim(), locale }, { onSuccess: () => setSentTo(email.trim()) });
  }
  if (sentTo) {
    return (
      <section className="card portal-card">
        <h1>{t('portal.checkMail')}</h1>
        <p role="status">{t('portal.linkSent', { email: sentTo })}</p>
        <button className="button" onClick={() => setSentTo(null)}>
          {t('portal.otherAddress')}
        </button>
      </section>
    );
  }
  return (
    <form className="card portal-card" onSubmit={submit} aria-labelledby="portal-sign-in">
      <h1 id="portal-sign-in">{t('portal.signInTitle')}</h1>
      <p>{t('portal.signInIntro')}</p>
      <label className="field">
        <span>{t('portal.email')}</span>
        <input type="email" name="email" required autoComplete="email" maxLength={320} value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <button className="button primary" type="submit" disabled={request.isPending}>
        {t('portal.sendLink')}
      </button>
      {request.isError && (
        <p className="form-error" role="alert">
          {portalError(request.error, t)}
        </p>
      )}
    </form>
  );
}

/** The server's words for a refusal it explains (too many links, mail down), else the app's usual text. */
function portalError(error: unknown, t: ReturnType<typeof useTranslation>['t']): string {
  if (error instanceof ApiError && (error.status === 429 || error.status === 503)) return t(error.status === 429 ? 'portal.tooMany' : 'portal.mailDown');
  return errorText(error, t);
}

function Verify() {
  const { t } = useTranslation();
  const redeem = useRedeemLink();
  const started = useRef(false);
  const token = tokenOf(window.location.hash);
  useEffect(() => {
    if (!token || started.current) return;
    started.current = true;
    redeem.mutate(token, { onSuccess: () => navigate('/portal', true) });
  }, [token, redeem]);
  if (!token || redeem.isError) {
    return (
      <section className="card portal-card">
        <h1>{t('portal.linkProblem')}</h1>
        <p role="alert">{redeem.error instanceof ApiError && redeem.error.status === 401 ? t('portal.linkUsed') : token ? errorText(redeem.error, t) : t('portal.linkMissing')}</p>
        <a className="button primary" href="/portal" onClick={linkHandler('/portal')}>
          {t('portal.askAgain')}
        </a>
      </section>
    );
  }
  return <LoadingState />;
}

function Requests() {
  const { t, i18n } = useTranslation();
  const tickets = usePortalTickets();
  const items = tickets.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section>
      <div className="page-head">
        <h1>{t('portal.requests')}</h1>
        <a className="button primary" href="/portal/new" onClick={linkHandler('/portal/new')}>
          {t('portal.newRequest')}
        </a>
      </div>
      {tickets.isPending ? (
        <LoadingState />
      ) : tickets.isError ? (
        <ErrorState error={tickets.error} onRetry={() => void tickets.refetch()} />
      ) : items.length === 0 ? (
        <p className="hint">{t('portal.noRequests')}</p>
      ) : (
        <ul className="card-list portal-list">
          {items.map((ticket) => (
            <RequestRow key={ticket.number} ticket={ticket} locale={i18n.language} />
          ))}
        </ul>
      )}
      {tickets.hasNextPage && (
        <button className="button" onClick={() => void tickets.fetchNextPage()} disabled={tickets.isFetchingNextPage}>
          {t('portal.more')}
        </button>
      )}
    </section>
  );
}

function RequestRow({ ticket, locale }: { ticket: PortalTicket; locale: string }) {
  const { t } = useTranslation();
  const path = `/portal/tickets/${ticket.number}`;
  return (
    <li className="card portal-row" data-number={ticket.number}>
      <a href={path} onClick={linkHandler(path)}>
        <strong>{ticket.subject}</strong>
      </a>
      <div className="small muted">
        #{ticket.number} · <span className={`chip status-${ticket.status}`}>{t(`portal.status.${ticket.status}`, { defaultValue: ticket.status })}</span> · {t(`channel.${ticket.channel}`, { defaultValue: ticket.channel })} ·{' '}
        {formatDateTime(ticket.updatedAt, { locale })}
      </div>
      {ticket.lastMessagePreview && <p className="small portal-preview">{ticket.lastMessagePreview}</p>}
    </li>
  );
}

function TicketScreen({ number }: { number: number }) {
  const { t, i18n } = useTranslation();
  const ticket = usePortalTicket(number);
  if (ticket.isPending) return <LoadingState />;
  if (ticket.isError) return <ErrorState error={ticket.error} onRetry={() => void ticket.refetch()} />;
  const data = ticket.data;
  return (
    <section>
      <p>
        <a href="/portal" onClick={linkHandler('/portal')}>
          ← {t('portal.requests')}
        </a>
      </p>
      <h1>{data.subject}</h1>
      <p className="small muted">
        #{data.number} · <span className={`chip status-${data.status}`}>{t(`portal.status.${data.status}`, { defaultValue: data.status })}</span>
      </p>
      <ol className="portal-conversation" aria-label={t('portal.conversation')}>
        {data.messages.map((message) => (
          <Message key={message.id} message={message} locale={i18n.language} />
        ))}
      </ol>
      <Composer path={`/portal/tickets/${number}/messages`} closed={data.status === 'closed'} />
    </section>
  );
}

function Message({ message, locale }: { message: PortalMessage; locale: string }) {
  const { t } = useTranslation();
  const mine = message.from === 'customer';
  return (
    <li className={`portal-message ${mine ? 'mine' : 'theirs'}`} data-from={message.from}>
      <div className="small muted">
        {mine ? t('portal.you') : (message.author ?? t('portal.support'))} · {formatDateTime(message.createdAt, { locale })}
      </div>
      <div className="portal-text">{message.bodyText}</div>
      {message.attachments.length > 0 && (
        <ul className="portal-files">
          {message.attachments.map((file) => (
            <li key={file.id}>
              <a href={file.url} download={file.filename}>
                {file.filename}
              </a>{' '}
              <span className="small muted">({formatSize(file.size, locale)})</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function Files({ files, onChange }: { files: File[]; onChange: (files: File[]) => void }) {
  const { t } = useTranslation();
  return (
    <label className="field">
      <span>{t('portal.attach')}</span>
      <input type="file" name="file" multiple onChange={(e) => onChange([...(e.target.files ?? [])].slice(0, 10))} />
      {files.length > 0 && <small className="muted">{files.map((file) => file.name).join(', ')}</small>}
    </label>
  );
}

function Composer({ path, closed }: { path: string; closed: boolean }) {
  const { t } = useTranslation();
  const send = useSendToPortal();
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [key, setKey] = useState(0);
  function submit(event: FormEvent) {
    event.preventDefault();
    send.mutate(
      { path, form: formOf({ body }, files) },
      {
        onSuccess: (created) => {
          setBody('');
          setFiles([]);
          setKey((k) => k + 1);
          // An answer to a closed request opened a new one: go there.
          if (!path.includes(`/${created.number}/`)) navigate(`/portal/tickets/${created.number}`);
        },
      },
    );
  }
  return (
    <form className="card portal-card" onSubmit={submit} key={key}>
      <label className="field">
        <span>{t('portal.answer')}</span>
        <textarea name="body" required rows={5} maxLength={20_000} value={body} onChange={(e) => setBody(e.target.value)} />
      </label>
      {closed && <p className="small muted">{t('portal.closedHint')}</p>}
      <Files files={files} onChange={setFiles} />
      <button className="button primary" type="submit" disabled={send.isPending || !body.trim()}>
        {t('portal.send')}
      </button>
      {send.isError && <FormError error={send.error} />}
    </form>
  );
}

function NewRequest() {
  const { t } = useTranslation();
  const send = useSendToPortal();
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  function submit(event: FormEvent) {
    event.preventDefault();
    send.mutate({ path: '/portal/tickets', form: formOf({ subject, body }, files) }, { onSuccess: (created) => navigate(`/portal/tickets/${created.number}`) });
  }
  return (
    <form className="card portal-card" onSubmit={submit} aria-labelledby="portal-new">
      <h1 id="portal-new">{t('portal.newRequest')}</h1>
      <label className="field">
        <span>{t('portal.subject')}</span>
        <input type="text" name="subject" required maxLength={200} value={subject} onChange={(e) => setSubject(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('portal.message')}</span>
        <textarea name="body" required rows={8} maxLength={20_000} value={body} onChange={(e) => setBody(e.target.value)} />
      </label>
      <Files files={files} onChange={setFiles} />
      <button className="button primary" type="submit" disabled={send.isPending || !subject.trim() || !body.trim()}>
        {t('portal.send')}
      </button>
      {send.isError && <FormError error={send.error} />}
    </form>
  );
}
