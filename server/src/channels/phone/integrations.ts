// The telephony systems that report calls: each has a random webhook token, shown once (on creation
// and on rotation) and stored only as its SHA-256, so the database never holds a usable token and a
// webhook call is matched by the hash of what it presents.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.ts';
import { hashSecret } from '../../auth/secrets.ts';
import { notFound, refused } from '../../errors.ts';
import { findTeam } from '../../teams/verbs.ts';
import { recordAudit, type AuditActor } from '../../audit/verbs.ts';
import { deleteIntegrationRow, findIntegration, findIntegrationByTokenHash, insertIntegration, updateIntegrationRow, type IntegrationRow } from './store.ts';

export const TOKEN_PREFIX = 'flp_';

export interface IntegrationView {
  id: number;
  name: string;
  teamId: number | null;
  active: boolean;
  tokenRotatedAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface IntegrationWithToken extends IntegrationView {
  token: string;
  webhookPath: string;
}

export interface IntegrationInput {
  name?: string | undefined;
  teamId?: number | null | undefined;
  active?: boolean | undefined;
}

export const presentIntegration = (row: IntegrationRow): IntegrationView => ({
  id: row.id,
  name: row.name,
  teamId: row.team_id,
  active: row.active,
  tokenRotatedAt: row.token_rotated_at.toISOString(),
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export const webhookPath = (token: string) => `/api/v1/channels/phone/${token}/events`;

const newToken = () => `${TOKEN_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;

const withToken = (row: IntegrationRow, token: string): IntegrationWithToken => ({ ...presentIntegration(row), token, webhookPath: webhookPath(token) });

async function checkTeam(tx: Kysely<DB>, teamId: number | null | undefined): Promise<void> {
  if (teamId && !(await findTeam(tx, teamId))) throw refused('team_not_found', `There is no team ${teamId}.`);
}

const cleanName = (name: string) => {
  const trimmed = name.trim();
  if (!trimmed) throw refused('name_required', 'An integration needs a name.');
  return trimmed;
};

/** What the audit log keeps of an integration: never the token or its hash. */
const audited = (row: IntegrationRow) => ({ name: row.name, teamId: row.team_id, active: row.active });
const subject = (id: number) => ({ type: 'phone_integration' as const, id });

export async function createIntegration(tx: Kysely<DB>, input: IntegrationInput & { name: string }, actor: AuditActor, now: Date): Promise<IntegrationWithToken> {
  await checkTeam(tx, input.teamId);
  const token = newToken();
  const row = await insertIntegration(tx, {
    name: cleanName(input.name),
    team_id: input.teamId ?? null,
    active: input.active ?? true,
    token_hash: hashSecret(token),
    token_rotated_at: now,
    created_at: now,
    updated_at: now,
  });
  await recordAudit(tx, { actor, action: 'phone_integration.created', subject: subject(row.id), after: audited(row) }, now);
  return withToken(row, token);
}

export async function updateIntegration(tx: Kysely<DB>, id: number, input: IntegrationInput, actor: AuditActor, now: Date): Promise<IntegrationView> {
  await checkTeam(tx, input.teamId);
  const before = await findIntegration(tx, id);
  if (!before) throw integrationNotFound(id);
  const row = await updateIntegrationRow(tx, id, {
    ...(input.name !== undefined && { name: cleanName(input.name) }),
    ...(input.teamId !== undefined && { team_id: input.teamId }),
    ...(input.active !== undefined && { active: input.active }),
    updated_at: now,
  });
  if (!row) throw integrationNotFound(id);
  if (JSON.stringify(audited(before)) !== JSON.stringify(audited(row))) {
    await recordAudit(tx, { actor, action: 'phone_integration.changed', subject: subject(id), before: audited(before), after: audited(row) }, now);
  }
  return presentIntegration(row);
}

/** A new token; the old one stops working at once. */
export async function rotateToken(tx: Kysely<DB>, id: number, actor: AuditActor, now: Date): Promise<IntegrationWithToken> {
  const token = newToken();
  const row = await updateIntegrationRow(tx, id, { token_hash: hashSecret(token), token_rotated_at: now, updated_at: now });
  if (!row) throw integrationNotFound(id);
  await recordAudit(tx, { actor, action: 'phone_integration.token_rotated', subject: subject(id) }, now);
  return withToken(row, token);
}

/** Deletes the integration and its calls' bookkeeping; the tickets and messages its calls became stay. */
export async function deleteIntegration(tx: Kysely<DB>, id: number, actor: AuditActor, now: Date): Promise<void> {
  const row = await findIntegration(tx, id);
  if (!row || !(await deleteIntegrationRow(tx, id))) throw integrationNotFound(id);
  await recordAudit(tx, { actor, action: 'phone_integration.deleted', subject: subject(id), before: audited(row) }, now);
}

export async function getIntegration(db: Kysely<DB>, id: number): Promise<IntegrationView> {
  const row = await findIntegration(db, id);
  if (!row) throw integrationNotFound(id);
  return presentIntegration(row);
}

/** The active integration this webhook token belongs to, or undefined (unknown, rotated away or switched off). */
export async function integrationOfToken(db: Kysely<DB>, token: string): Promise<IntegrationRow | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
  const row = await findIntegrationByTokenHash(db, hashSecret(token));
  return row?.active ? row : undefined;
}

const integrationNotFound = (id: number) => notFound('phone_integration_not_found', `There is no phone integration ${id}.`);
