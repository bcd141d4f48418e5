// Contact forms: admins set them up; anyone on the web may submit one. A submission is stored raw in
// the inbox first (the hosted page and the API answer only after that) and becomes a ticket of
// channel "web" in the inbox's process job (adapter.ts), so nothing a customer sent is lost.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Updateable } from 'kysely';
import { locales, type Locale } from '@frontline/shared';
import type { DB, WebFormTexts, WebFormsTable } from '../../db/tables.ts';
import { appendEvent } from '../../events/append.ts';
import { notFound, refused } from '../../errors.ts';
import { findMailbox } from '../../mailboxes/verbs.ts';
import { receiveRaw } from '../../inbox/receive.ts';
import { originAllowed as siteOriginAllowed, originOf } from '../origins.ts';
import { deleteWebFormRow, findWebForm, findWebFormByKey, insertWebForm, teamExists, updateWebFormRow, type WebFormRow } from './store.ts';
import { EMAIL_SHAPE } from '../../customers/identity.ts';

export { findWebForm, findWebFormByKey, listWebForms, type WebFormRow } from './store.ts';

export const WEB_CHANNEL = 'web';

/** Bounds of one submission, in characters. */
export const submissionLimits = { name: 200, email: 320, subject: 200, message: 20_000, page: 2000 } as const;
export const MAX_ALLOWED_ORIGINS = 20;

export interface WebFormInput {
  name?: string | undefined;
  teamId?: number | null | undefined;
  mailboxId?: number | null | undefined;
  allowedOrigins?: string[] | undefined;
  texts?: WebFormTexts | undefined;
  active?: boolean | undefined;
}

export interface WebFormView {
  id: number;
  name: string;
  publicKey: string;
  /** The hosted page, relative to the help desk's address. */
  pagePath: string;
  teamId: number | null;
  mailboxId: number | null;
  allowedOrigins: string[];
  texts: WebFormTexts;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export const presentWebForm = (row: WebFormRow): WebFormView => ({
  id: row.id,
  name: row.name,
  publicKey: row.public_key,
  pagePath: `/forms/${row.public_key}`,
  teamId: row.team_id,
  mailboxId: row.mailbox_id,
  allowedOrigins: row.allowed_origins,
  texts: row.texts,
  active: row.active,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** A public key: long enough that nobody finds a form by guessing. */
const newPublicKey = () => randomBytes(18).toString('base64url');

export async function createWebForm(tx: Kysely<DB>, input: WebFormInput & { name: string }, actorAgentId: number, now: Date): Promise<WebFormView> {
  const values = await checked(tx, input);
  const row = await insertWebForm(tx, { ...values, name: input.name.trim(), public_key: newPublicKey(), created_at: now, updated_at: now });
  await appendEvent(tx, { type: 'web_form.created', actorAgentId, payload: { formId: row.id } });
  return presentWebForm(row);
}

export async function updateWebForm(tx: Kysely<DB>, id: number, input: WebFormInput, actorAgentId: number, now: Date): Promise<WebFormView> {
  if (!(await findWebForm(tx, id))) throw notFound('web_form_not_found', `There is no web form ${id}.`);
  const row = (await updateWebFormRow(tx, id, { ...(await checked(tx, input)), updated_at: now }))!;
  await appendEvent(tx, { type: 'web_form.updated', actorAgentId, payload: { formId: id, fields: Object.keys(input) } });
  return presentWebForm(row);
}

/** Removes a form; its tickets stay. Its page and API answer 404 from now on. */
export async function deleteWebForm(tx: Kysely<DB>, id: number, actorAgentId: number): Promise<void> {
  if (!(await deleteWebFormRow(tx, id))) throw notFound('web_form_not_found', `There is no web form ${id}.`);
  await appendEvent(tx, { type: 'web_form.deleted', actorAgentId, payload: { formId: id } });
}

async function checked(tx: Kysely<DB>, input: WebFormInput): Promise<Updateable<WebFormsTable>> {
  const values: Updateable<WebFormsTable> = {};
  if (input.name !== undefined) {
    if (!input.name.trim()) throw refused('name_required', 'The form needs a name.', { field: 'name' });
    values.name = input.name.trim();
  }
  if (input.teamId !== undefined) {
    if (input.teamId !== null && !(await teamExists(tx, input.teamId))) throw refused('team_not_found', `There is no team ${input.teamId}.`, { field: 'teamId' });
    values.team_id = input.teamId;
  }
  if (input.mailboxId !== undefined) {
    if (input.mailboxId !== null && !(await findMailbox(tx, input.mailboxId))) throw refused('mailbox_not_found', `There is no mailbox ${input.mailboxId}.`, { field: 'mailboxId' });
    values.mailbox_id = input.mailboxId;
  }
  if (input.allowedOrigins !== undefined) values.allowed_origins = input.allowedOrigins.map(originOf);
  if (input.texts !== undefined) values.texts = JSON.stringify(cleanTexts(input.texts));
  if (input.active !== undefined) values.active = input.active;
  return values;
}

function cleanTexts(texts: WebFormTexts): WebFormTexts {
  const clean: WebFormTexts = {};
  for (const locale of locales) {
    const title = texts[locale]?.title?.trim();
    const intro = texts[locale]?.intro?.trim();
    if (title || intro) clean[locale] = { ...(title && { title }), ...(intro && { intro }) };
  }
  return clean;
}

/** What a person typed into a form, as the inbox stores it. */
export interface Submission {
  formId: number;
  name: string;
  email: string;
  subject: string;
  message: string;
  /** The language the form was shown in. */
  language: Locale | null;
  /** The page the form was on, as the submitter's browser said. */
  page: string | null;
  /** The hidden field people never see: a value means a robot filled the form in. */
  honeypot: string;
}

export type SubmissionField = 'name' | 'email' | 'subject' | 'message';
export interface SubmissionProblem {
  field: SubmissionField;
  code: 'required' | 'too_long' | 'invalid_email';
}

/** Fields as they came (JSON or a posted form). */
export interface SubmissionFields {
  name?: unknown;
  email?: unknown;
  subject?: unknown;
  message?: unknown;
  language?: unknown;
  page?: unknown;
  website?: unknown;
}

const text = (value: unknown) => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : '');
const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (locales as readonly string[]).includes(value);

/** The submission a form's fields make, or what is wrong with them (every problem, for the page to show at once). */
export function readSubmission(formId: number, fields: SubmissionFields): { submission: Submission } | { problems: SubmissionProblem[] } {
  const values = { name: text(fields.name).trim(), email: text(fields.email).trim(), subject: text(fields.subject).trim(), message: text(fields.message).trim() };
  const problems: SubmissionProblem[] = [];
  if (!values.email) problems.push({ field: 'email', code: 'required' });
  else if (values.email.length > submissionLimits.email || !EMAIL_SHAPE.test(values.email)) problems.push({ field: 'email', code: 'invalid_email' });
  if (!values.message) problems.push({ field: 'message', code: 'required' });
  for (const field of ['name', 'subject', 'message'] as const) {
    if (values[field].length > submissionLimits[field]) problems.push({ field, code: 'too_long' });
  }
  if (problems.length) return { problems };
  const page = text(fields.page).trim();
  return {
    submission: {
      formId,
      ...values,
      language: isLocale(fields.language) ? fields.language : null,
      page: /^https?:\/\//i.test(page) ? page.slice(0, submissionLimits.page) : null,
      honeypot: text(fields.website).slice(0, 200),
    },
  };
}

/** The active form a public request names, or not found (the same answer for a switched-off form). */
export async function openForm(db: Kysely<DB>, publicKey: string): Promise<WebFormRow> {
  const form = /^[A-Za-z0-9_-]{1,64}$/.test(publicKey) ? await findWebFormByKey(db, publicKey) : undefined;
  if (!form?.active) throw notFound('web_form_not_found', 'This form does not exist or is switched off.');
  return form;
}

/**
 * Stores a submission in the inbox, to become a ticket. `submissionId` (from the page, or the
 * caller's) makes a resubmission of the same form a duplicate instead of a second ticket.
 */
export async function receiveSubmission(db: Kysely<DB>, submission: Submission, origin: { ip: string; submissionId?: string | undefined }): Promise<{ duplicate: boolean }> {
  const submissionId = origin.submissionId && /^[A-Za-z0-9_-]{8,64}$/.test(origin.submissionId) ? origin.submissionId : randomUUID();
  const received = await receiveRaw(db, {
    channel: WEB_CHANNEL,
    dedupeKey: `${submission.formId}:${submissionId}`,
    raw: new TextEncoder().encode(JSON.stringify(submission)),
    meta: { formId: submission.formId, ip: origin.ip },
    sender: submission.email.toLowerCase(),
  });
  return { duplicate: received.duplicate };
}

/** Whether a browser on `origin` may post to the form (its own page always may). */
export const originAllowed = (form: WebFormRow, origin: string | undefined, own: string): boolean => siteOriginAllowed(form.allowed_origins, origin, own);
