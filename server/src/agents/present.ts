import type { Selectable } from 'kysely';
import type { Static } from '@sinclair/typebox';
import type { AgentRole } from '@frontline/shared';
import type { SignInFailuresTable } from '../db/tables.ts';
import { FAILURES_FORGOTTEN_AFTER_MS } from '../auth/lockout.ts';
import type { AgentRow } from './store.ts';
import type { Agent } from './schemas.ts';

type SignIn = NonNullable<Static<typeof Agent>['signIn']>;

export const presentAgent = (row: AgentRow, teamIds: number[], signIn?: SignIn): Static<typeof Agent> => ({
  id: row.id,
  email: row.email,
  name: row.name,
  alias: row.alias,
  role: row.role as AgentRole,
  avatarUrl: row.avatar_url,
  signature: row.signature,
  languages: row.languages,
  locale: row.locale,
  // Unset until chosen: dates show in UTC meanwhile, and the web app offers the browser's zone.
  timeZone: row.time_zone ?? 'UTC',
  timeZoneSet: row.time_zone !== null,
  active: row.active,
  teamIds,
  createdAt: row.created_at.toISOString(),
  ...(signIn && { signIn }),
});

/** Failures that no longer count show as none, and a lock that has ended as none. */
export function presentSignIn(row: Selectable<SignInFailuresTable> | undefined, now: Date): SignIn {
  if (!row || row.last_failed_at.getTime() < now.getTime() - FAILURES_FORGOTTEN_AFTER_MS) return { failedAttempts: 0, lockedUntil: null };
  return { failedAttempts: row.failures, lockedUntil: row.locked_until && row.locked_until > now ? row.locked_until.toISOString() : null };
}
