// Creating and changing mailboxes. Passwords are sealed with the secret box before they are
// stored and never leave the server again: the view says only whether one is set.
import type { Kysely, Updateable } from 'kysely';
import { locales, unknownPlaceholders, acknowledgementPlaceholders, type Locale } from '@frontline/shared';
import type { DB, MailboxesTable } from '../db/tables.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import { appendEvent } from '../events/append.ts';
import { conflict, notFound, refused } from '../errors.ts';
import { findMailbox, findMailboxByAddress, insertMailbox, updateMailboxRow, type MailboxRow } from './store.ts';

// What other features read (or, for a few, write) of mailboxes: the store's own functions, published
// here so that no feature imports another's store.ts.
export { findMailbox, findMailboxes, findMailboxByAddress, listMailboxes, listImapMailboxes, lockMailbox, advanceImapCursor, recordImapStatus, replyMailbox, mailboxAddressesAmong, type MailboxRow } from './store.ts';

export interface ImapSettings {
  host: string;
  port?: number | undefined;
  tls?: boolean | undefined;
  user: string;
  /** Absent keeps the stored password. */
  password?: string | undefined;
  folder?: string | undefined;
  after?: 'seen' | 'move' | undefined;
  moveTo?: string | null | undefined;
}

export interface SmtpSettings {
  host: string;
  port?: number | undefined;
  security?: 'none' | 'starttls' | 'tls' | undefined;
  user?: string | null | undefined;
  /** Absent keeps the stored password. */
  password?: string | undefined;
}

export interface MailboxInput {
  address?: string | undefined;
  name?: string | undefined;
  teamId?: number | null | undefined;
  inbound?: 'smtp' | 'imap' | undefined;
  imap?: ImapSettings | null | undefined;
  smtp?: SmtpSettings | null | undefined;
  acknowledge?: boolean | undefined;
  /** A language's own text; null or empty goes back to the built-in text; absent keeps what is stored. */
  acknowledgementTexts?: Partial<Record<Locale, string | null>> | undefined;
  active?: boolean | undefined;
}

export interface MailboxView {
  id: number;
  address: string;
  name: string;
  teamId: number | null;
  inbound: 'smtp' | 'imap';
  imap: {
    host: string;
    port: number;
    tls: boolean;
    user: string;
    hasPassword: boolean;
    folder: string;
    after: 'seen' | 'move';
    moveTo: string | null;
    lastUid: number;
    polledAt: string | null;
    error: string | null;
  } | null;
  smtp: { host: string; port: number; security: 'none' | 'starttls' | 'tls'; user: string | null; hasPassword: boolean } | null;
  acknowledge: boolean;
  /** The mailbox's own texts; null where the built-in text is used. */
  acknowledgementTexts: Record<Locale, string | null>;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export const defaultImapPort = (tls: boolean) => (tls ? 993 : 143);
export const defaultSmtpPort = (security: 'none' | 'starttls' | 'tls') => (security === 'tls' ? 465 : 587);

export function presentMailbox(row: MailboxRow): MailboxView {
  return {
    id: row.id,
    address: row.address,
    name: row.name,
    teamId: row.team_id,
    inbound: row.inbound,
    imap: row.imap_host
      ? {
          host: row.imap_host,
          port: row.imap_port ?? defaultImapPort(row.imap_tls),
          tls: row.imap_tls,
          user: row.imap_user ?? '',
          hasPassword: row.imap_password_enc !== null,
          folder: row.imap_folder,
          after: row.imap_after,
          moveTo: row.imap_move_to,
          lastUid: row.imap_last_uid,
          polledAt: row.imap_polled_at?.toISOString() ?? null,
          error: row.imap_error,
        }
      : null,
    smtp: row.smtp_host
      ? { host: row.smtp_host, port: row.smtp_port ?? defaultSmtpPort(row.smtp_security), security: row.smtp_security, user: row.smtp_user, hasPassword: row.smtp_password_enc !== null }
      : null,
    acknowledge: row.acknowledge,
    acknowledgementTexts: Object.fromEntries(locales.map((locale) => [locale, row.acknowledgement_texts[locale] ?? null])) as Record<Locale, string | null>,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function createMailbox(tx: Kysely<DB>, secrets: SecretBox, input: MailboxInput & { address: string; name: string }, actorAgentId: number, now: Date): Promise<MailboxView> {
  if (await findMailboxByAddress(tx, input.address)) throw conflict('mailbox_exists', `A mailbox for ${input.address} already exists.`);
  await checkTeam(tx, input.teamId);
  const values = { address: input.address.trim(), name: input.name.trim(), team_id: input.teamId ?? null, created_at: now, updated_at: now, ...settings(secrets, input, undefined) };
  // Acknowledgements are on by default only where they can go out.
  values.acknowledge ??= !!values.smtp_host;
  checkInbound(values.inbound ?? 'smtp', values);
  checkAcknowledgement(values);
  const row = await insertMailbox(tx, values);
  await appendEvent(tx, { type: 'mailbox.created', actorAgentId, payload: { mailboxId: row.id, address: row.address } });
  return presentMailbox(row);
}

export async function updateMailbox(tx: Kysely<DB>, secrets: SecretBox, id: number, input: MailboxInput, actorAgentId: number, now: Date): Promise<MailboxView> {
  const current = await findMailbox(tx, id);
  if (!current) throw notFound('mailbox_not_found', `There is no mailbox ${id}.`);
  if (input.address && input.address.toLowerCase() !== current.address.toLowerCase() && (await findMailboxByAddress(tx, input.address))) {
    throw conflict('mailbox_exists', `A mailbox for ${input.address} already exists.`);
  }
  await checkTeam(tx, input.teamId);
  const values: Updateable<MailboxesTable> = {
    ...(input.address !== undefined && { address: input.address.trim() }),
    ...(input.name !== undefined && { name: input.name.trim() }),
    ...(input.teamId !== undefined && { team_id: input.teamId }),
    ...settings(secrets, input, current),
    updated_at: now,
  };
  checkInbound(values.inbound ?? current.inbound, { ...current, ...values });
  checkAcknowledgement({ ...current, ...values });
  const row = (await updateMailboxRow(tx, id, values))!;
  await appendEvent(tx, { type: 'mailbox.updated', actorAgentId, payload: { mailboxId: row.id, address: row.address, fields: Object.keys(input) } });
  return presentMailbox(row);
}

function settings(secrets: SecretBox, input: MailboxInput, current: MailboxRow | undefined) {
  const values: Updateable<MailboxesTable> = {};
  if (input.inbound !== undefined) values.inbound = input.inbound;
  if (input.acknowledge !== undefined) values.acknowledge = input.acknowledge;
  if (input.acknowledgementTexts) values.acknowledgement_texts = JSON.stringify(acknowledgementTexts(input.acknowledgementTexts, current?.acknowledgement_texts ?? {}));
  if (input.active !== undefined) values.active = input.active;
  if (input.imap === null) {
    Object.assign(values, { imap_host: null, imap_port: null, imap_user: null, imap_password_enc: null, imap_move_to: null, imap_uid_validity: null, imap_last_uid: 0, imap_error: null });
  } else if (input.imap) {
    const imap = input.imap;
    const moved = current && (current.imap_host !== imap.host || current.imap_user !== imap.user || current.imap_folder !== (imap.folder ?? 'INBOX'));
    Object.assign(values, {
      imap_host: imap.host.trim(),
      imap_port: imap.port ?? null,
      imap_tls: imap.tls ?? true,
      imap_user: imap.user,
      imap_folder: imap.folder?.trim() || 'INBOX',
      imap_after: imap.after ?? 'seen',
      imap_move_to: imap.moveTo?.trim() || null,
      ...(imap.password !== undefined && { imap_password_enc: sealSecret(secrets, imap.password) }),
      // Another server or folder has its own UIDs: read it from its start.
      ...(moved && { imap_uid_validity: null, imap_last_uid: 0, imap_error: null }),
    });
  }
  if (input.smtp === null) {
    Object.assign(values, { smtp_host: null, smtp_port: null, smtp_user: null, smtp_password_enc: null });
  } else if (input.smtp) {
    const smtp = input.smtp;
    Object.assign(values, {
      smtp_host: smtp.host.trim(),
      smtp_port: smtp.port ?? null,
      smtp_security: smtp.security ?? 'starttls',
      smtp_user: smtp.user || null,
      ...(smtp.password !== undefined && { smtp_password_enc: smtp.password ? sealSecret(secrets, smtp.password) : null }),
    });
  }
  return values;
}

function sealSecret(secrets: SecretBox, plain: string): string {
  try {
    return secrets.seal(plain);
  } catch (error) {
    throw refused('secret_key_missing', `The password cannot be stored: ${(error as Error).message}.`);
  }
}

function checkInbound(inbound: 'smtp' | 'imap', row: Omit<Updateable<MailboxesTable>, 'acknowledgement_texts'>) {
  if (inbound !== 'imap') return;
  if (!row.imap_host || !row.imap_user) throw refused('imap_settings_missing', 'An IMAP mailbox needs "imap" settings with a host and a user.');
  if (!row.imap_password_enc) throw refused('imap_password_missing', 'An IMAP mailbox needs the password of its IMAP account.');
  if (row.imap_after === 'move' && !row.imap_move_to) throw refused('imap_move_to_missing', 'To move fetched mail, say where: "imap.moveTo" (a folder name).');
}

/** An acknowledgement without an outgoing relay could only fail: refused, with the reason, before anything is saved. */
function checkAcknowledgement(row: Pick<Updateable<MailboxesTable>, 'acknowledge' | 'smtp_host'>) {
  if (!row.acknowledge || row.smtp_host) return;
  throw refused(
    'acknowledgement_needs_relay',
    'Acknowledgements need an outgoing SMTP relay: without one they cannot be sent. Set the relay ("smtp") or turn acknowledgements off.',
    { field: 'acknowledge' },
  );
}

async function checkTeam(tx: Kysely<DB>, teamId: number | null | undefined) {
  if (!teamId) return;
  const team = await tx.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
  if (!team) throw refused('team_not_found', `There is no team ${teamId}.`);
}

/** The stored texts with the input's changes; a placeholder that is not known is refused before anything is saved. */
function acknowledgementTexts(input: Partial<Record<Locale, string | null>>, stored: Partial<Record<Locale, string>>): Partial<Record<Locale, string>> {
  const texts = { ...stored };
  for (const locale of locales) {
    if (!(locale in input)) continue;
    const text = input[locale]?.trim();
    if (!text) {
      delete texts[locale];
      continue;
    }
    const unknown = unknownPlaceholders(text);
    if (unknown.length) {
      const known = acknowledgementPlaceholders.map((name) => `{{${name}}}`).join(', ');
      throw refused('unknown_placeholder', `The ${locale} acknowledgement uses ${unknown.map((name) => `{{${name}}}`).join(', ')}, which Frontline does not know; use ${known}.`, { locale, unknown });
    }
    texts[locale] = text;
  }
  return texts;
}
