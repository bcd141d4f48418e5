import type { Static } from '@sinclair/typebox';
import type { AgentRole } from '@frontline/shared';
import type { AgentRow } from './store.ts';
import type { Agent } from './schemas.ts';

export const presentAgent = (row: AgentRow, teamIds: number[]): Static<typeof Agent> => ({
  id: row.id,
  email: row.email,
  name: row.name,
  alias: row.alias,
  role: row.role as AgentRole,
  avatarUrl: row.avatar_url,
  signature: row.signature,
  languages: row.languages,
  locale: row.locale,
  timeZone: row.time_zone,
  active: row.active,
  teamIds,
  createdAt: row.created_at.toISOString(),
});
