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
  timeZone: Type.String({ description: 'UTC until the agent chooses one (see timeZoneSet).' }),
  timeZoneSet: Type.Boolean({ description: 'False until the agent or an admin chose a time zone; the web app then saves the browser\'s.' }),
  active: Type.Boolean(),
  teamIds: Type.Array(Type.Integer()),
  createdAt: Timestamp,
  signIn: Type.Optional(
    Type.Object(
      {
        failedAttempts: Type.Integer({ description: 'Failed sign-ins in a row at this email address.' }),
        lockedUntil: Nullable(Timestamp),
      },
      { description: 'Shown to admins only: failed sign-ins and the lock they caused (POST /agents/{id}/unlock lifts it).' },
    ),
  ),
}, { title: 'Agent' });

const Password = Type.String({ minLength: 1, maxLength: 1024, description: 'At least 12 characters and hard to guess; refused with 422 weak_password otherwise.' });

const editable = {
  name: Name({ minLength: 1 }),
  alias: Name({ minLength: 1 }),
  password: Password,
  avatarUrl: Nullable(Type.String({ maxLength: 2000, description: 'https://… or a path on this server (/…); anything else is refused with 422.' })),
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

/** What an agent may change about themselves without being an admin (the password changes at POST /me/password). */
export const ProfileUpdateBody = Strict({
  name: Type.Optional(editable.name),
  alias: Type.Optional(editable.alias),
  avatarUrl: Type.Optional(editable.avatarUrl),
  signature: Type.Optional(editable.signature),
  languages: Type.Optional(editable.languages),
  locale: Type.Optional(editable.locale),
  timeZone: Type.Optional(editable.timeZone),
});

/** An agent's own password change (POST /me/password): the current password proves it is them. */
export const PasswordChangeBody = Strict({
  currentPassword: Type.String({ minLength: 1, maxLength: 1024 }),
  newPassword: Password,
});
