// The customer portal: a customer signs in with a one-time link mailed to their address (no
// password), then reads their tickets from every channel, answers them and opens new ones. The link
// goes to any address asked for (whether a customer has it or not, so the answer tells nobody who
// is a customer); using it proves the address, and the customer is found or made by it.
import type { Kysely } from 'kysely';
import { locales, type Locale } from '@frontline/shared';
import type { DB } from '../db/tables.ts';
import type { Context } from '../context.ts';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import { notFound, refused, throttled, unauthenticated } from '../errors.ts';
import { findOrCreateCustomer, identitiesOf } from '../customers/verbs.ts';
import { sendNotice, NoticeError } from '../channels/email/notice.ts';
import { deleteSession, findSession, insertLink, insertSession, linksSentSince, useLink } from './store.ts';
import { EMAIL_SHAPE } from '../customers/identity.ts';

/** How long a sign-in link works, and a portal session lasts. */
export const LINK_MINUTES = 20;
export const SESSION_DAYS = 30;
/** Links one address may be sent within LINK_WINDOW_MINUTES: enough to ask again, too few to flood anyone's mailbox. */
export const LINKS_PER_ADDRESS = 3;
export const LINK_WINDOW_MINUTES = 15;

export const PORTAL_CHANNEL = 'web';

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (locales as readonly string[]).includes(value);

const linkMail: Record<Locale, (link: string) => { subject: string; text: string }> = {
  en: (link) => ({
    subject: 'Your sign-in link',
    text: `Open this link to see your requests and write to us:\n\n${link}\n\nIt works once, for ${LINK_MINUTES} minutes. If you did not ask for it, ignore this message: nobody can sign in without it.`,
  }),
  ru: (link) => ({
    subject: 'Ссылка для входа',
    text: `Откройте ссылку, чтобы увидеть свои обращения и написать нам:\n\n${link}\n\nОна действует один раз, ${LINK_MINUTES} минут. Если вы её не запрашивали, просто не обращайте внимания: без неё войти нельзя.`,
  }),
  ka: (link) => ({
    subject: 'შესვლის ბმული',
    text: `გახსენით ეს ბმული, რომ ნახოთ თქვენი მოთხოვნები და მოგვწეროთ:\n\n${link}\n\nის ერთხელ მუშაობს, ${LINK_MINUTES} წუთის განმავლობაში. თუ ის არ მოგითხოვიათ, უბრალოდ უგულებელყავით: მის გარეშე შესვლა შეუძლებელია.`,
  }),
};

/**
 * Mails a sign-in link to the address. Throttled per address; a link that could not be sent says
 * so (the person can ask again), and the reason goes to the log for admins, never the link.
 */
export async function requestLink(ctx: Context, input: { email: string; locale: Locale; ip: string }): Promise<void> {
  const email = input.email.trim().toLowerCase();
  if (email.length > 320 || !EMAIL_SHAPE.test(email)) throw refused('invalid_email', 'This does not look like an email address.', { field: 'email' });
  const now = ctx.clock.now();
  const sent = await linksSentSince(ctx.db, email, new Date(now.getTime() - LINK_WINDOW_MINUTES * 60_000));
  if (sent >= LINKS_PER_ADDRESS) {
    throw throttled('too_many_links', `A sign-in link was sent to this address ${sent} times in the last ${LINK_WINDOW_MINUTES} minutes; use the newest one, or ask again later.`, LINK_WINDOW_MINUTES * 60);
  }
  const token = newSecret('fll');
  await insertLink(ctx.db, { email, token_hash: hashSecret(token), locale: input.locale, requested_ip: input.ip, created_at: now, expires_at: new Date(now.getTime() + LINK_MINUTES * 60_000) });
  // The token travels in the fragment: it never reaches a server log or a Referer.
  const link = `${portalBase(ctx)}/portal/sign-in#token=${token}`;
  try {
    await sendNotice(ctx, { to: email, ...linkMail[input.locale](link) });
  } catch (error) {
    const reason = error instanceof NoticeError ? error.reason : 'the mail could not be sent';
    ctx.log.warn({ reason }, 'portal sign-in link not sent');
    throw new PortalMailError(reason);
  }
}

/** Where links point: PUBLIC_URL, else (a trial on one machine) this server on localhost; never a request's Host. */
export const portalBase = (ctx: Pick<Context, 'config'>) => ctx.config.publicUrl ?? `http://localhost:${ctx.config.port}`;

/** The link mail did not go out: the portal says "try again later"; admins read why in the log. */
export class PortalMailError extends Error {}

export interface PortalSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Uses a link (once) and opens a session for the customer whose address it was sent to. */
export async function redeemLink(ctx: Context, token: string): Promise<PortalSession> {
  if (!/^fll_[A-Za-z0-9_-]{20,100}$/.test(token)) throw unauthenticated('This sign-in link is not valid. Ask for a new one.');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const link = await useLink(tx, hashSecret(token), now);
    if (!link) throw unauthenticated('This sign-in link was used already or has expired. Ask for a new one.');
    const customer = await findOrCreateCustomer(tx, { kind: 'email', value: link.email }, now);
    const session = newSecret('flc');
    const csrfToken = newSecret('csrf');
    const row = await insertSession(tx, { token_hash: hashSecret(session), csrf_token: csrfToken, customer_id: customer.id, created_at: now, expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000) });
    return { token: session, csrfToken, expiresAt: row.expires_at };
  });
}

export interface PortalCustomer {
  sessionId: number;
  customerId: number;
  name: string;
  language: string | null;
  csrfToken: string;
}

export async function portalCustomer(db: Kysely<DB>, token: string | undefined, now: Date): Promise<PortalCustomer | undefined> {
  if (!token || token.length > 200) return undefined;
  const row = await findSession(db, hashSecret(token), now);
  return row && { sessionId: row.id, customerId: row.customer_id, name: row.name, language: row.language, csrfToken: row.csrf_token };
}

export const signOut = (db: Kysely<DB>, customer: PortalCustomer) => deleteSession(db, customer.sessionId);

/** The customer's email addresses, for the portal's header. */
export async function emailsOf(db: Kysely<DB>, customerId: number): Promise<string[]> {
  return ((await identitiesOf(db, [customerId])).get(customerId) ?? []).filter((identity) => identity.kind === 'email').map((identity) => identity.value);
}

export const ticketNotFound = (number: number) => notFound('ticket_not_found', `You have no request #${number}.`);
