// `create-admin`: makes an administrator account from the command line, for a fresh instance or
// when every admin has lost access.
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import { createAgent } from '../agents/verbs.ts';
import { AppError } from '../errors.ts';
import { nameFromEmail } from '../agents/name-from-email.ts';

export interface CreateAdminInput {
  email: string | undefined;
  password: string | undefined;
  name?: string | undefined;
  /** The name customers see; the name, or one read from the email, when unset. */
  alias?: string | undefined;
}

export interface CreatedAdmin {
  id: number;
  email: string;
  name: string;
  alias: string;
}

/** A mistake the person at the keyboard can fix; printed without a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createAdminCommand(db: Kysely<DB>, input: CreateAdminInput): Promise<CreatedAdmin> {
  const email = input.email?.trim();
  if (!email) throw new UsageError('An email is needed: --email admin@example.com (or FRONTLINE_ADMIN_EMAIL).');
  if (!EMAIL.test(email)) throw new UsageError(`"${email}" is not an email address.`);
  const password = input.password;
  if (!password) throw new UsageError('A password is needed: --password, FRONTLINE_ADMIN_PASSWORD, or type it when asked in a terminal.');
  // Never "Administrator": customers see the alias, so it is a person's name (or a neutral one).
  const derived = nameFromEmail(email);
  const name = input.name?.trim() || derived.name;
  const alias = input.alias?.trim() || (input.name?.trim() ? name : derived.alias);
  try {
    const agent = await createAgent(db, { email, name, alias, role: 'admin', password, teamIds: [] });
    return { id: agent.id, email: agent.email, name: agent.name, alias: agent.alias };
  } catch (error) {
    if (error instanceof AppError && error.code === 'agent_exists') {
      throw new UsageError(`An agent with the email ${email} already exists; sign in with it, or choose another email.`);
    }
    // The password rules (length, strength, no control characters) are the same as everywhere.
    if (error instanceof AppError && error.kind === 'refused') throw new UsageError(error.message);
    throw error;
  }
}
