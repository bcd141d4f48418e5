import { Type } from '@sinclair/typebox';
import { agentRoles, locales } from '@frontline/shared';
import { Email, Id, Nullable, Strict, StringEnum, Timestamp, Name } from '../http/schema-kit.ts';

const Role = StringEnum(agentRoles);
const Locale = StringEnum(locales);
const Languages = Type.Array(Type.String({ pattern: '^[a-z]{2,3}$' }), { maxItems: 20, description: 'ISO 639 codes of the languages the agent speaks.' });

export const Agent = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  alias: Type.String({ description: 'The name customers see, e.g. "John Smith".' }),
  role: Role,
  avatarUrl: Nullable(Type.String()),
  signature: Type.String(),
  languages: Type.Array(Type.String()),
  locale: Type.String(),
  timeZone: Type.String(),
  active: Type.Boolean(),
  teamIds: Type.Array(Type.Integer()),
  createdAt: Timestamp,
});

const editable = {
  name: Name({ minLength: 1 }),
  alias: Name({ minLength: 1 }),
  password: Type.String({ minLength: 10, maxLength: 1024 }),
  avatarUrl: Nullable(Type.String({ maxLength: 2000, pattern: '^(https?://|/)' })),
  signature: Type.String({ maxLength: 5000 }),
  languages: Languages,
  locale: Locale,
  timeZone: Type.String({ minLength: 1, maxLength: 100 }),
  teamIds: Type.Array(Id, { maxItems: 100 }),
};

export const AgentCreateBody = Strict({
  email: Email,
  role: Role,
  name: editable.name,
  alias: Type.Optional(editable.alias),
  password: Type.Optional(editable.password),
  avatarUrl: Type.Optional(editable.avatarUrl),
  signature: Type.Optional(editable.signature),
  languages: Type.Optional(editable.languages),
  locale: Type.Optional(editable.locale),
  timeZone: Type.Optional(editable.timeZone),
  teamIds: Type.Optional(editable.teamIds),
});

export const AgentUpdateBody = Strict({
  email: Type.Optional(Email),
  role: Type.Optional(Role),
  active: Type.Optional(Type.Boolean()),
  name: Type.Optional(editable.name),
  alias: Type.Optional(editable.alias),
  password: Type.Optional(editable.password),
  avatarUrl: Type.Optional(editable.avatarUrl),
  signature: Type.Optional(editable.signature),
  languages: Type.Optional(editable.languages),
  locale: Type.Optional(editable.locale),
  timeZone: Type.Optional(editable.timeZone),
  teamIds: Type.Optional(editable.teamIds),
});

/** What an agent may change about themselves without being an admin. */
export const ProfileUpdateBody = Strict({
  name: Type.Optional(editable.name),
  alias: Type.Optional(editable.alias),
  password: Type.Optional(editable.password),
  avatarUrl: Type.Optional(editable.avatarUrl),
  signature: Type.Optional(editable.signature),
  languages: Type.Optional(editable.languages),
  locale: Type.Optional(editable.locale),
  timeZone: Type.Optional(editable.timeZone),
});
