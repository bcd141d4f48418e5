// The shapes of the phone channel: a call event as a telephony system posts it to the webhook
// (validated at the edge and again when the stored item is processed), and an integration.
import { Type, type Static } from '@sinclair/typebox';
import { Email, Id, Nullable, Strict, StringEnum, Timestamp, Name } from '../../http/schema-kit.ts';

export const callEvents = ['ringing', 'answered', 'ended', 'missed'] as const;
export type CallEventName = (typeof callEvents)[number];
const directions = ['inbound', 'outbound'] as const;

/** A number as a PBX writes it: digits with an optional leading +, spaces, dots, dashes, brackets. */
const PhoneNumber = Type.String({ minLength: 1, maxLength: 40, pattern: '^\\+?[ ().\\/-]*[0-9][0-9 ().\\/-]*$', description: 'A phone number; normalized like a customer\'s phone identity.' });

/**
 * `formats`: the edge checks that agentEmail and at are an address and a time (Fastify's validator
 * knows formats); the stored item is checked again without them (TypeBox's checker knows none), and
 * `at` is read with Date.
 */
const callEvent = (formats: boolean) => Strict({
  callId: Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]+$', description: 'The telephony system\'s id of the call: the same for all its events.' }),
  event: formats ? StringEnum(callEvents) : Type.Union(callEvents.map((name) => Type.Literal(name))),
  direction: formats ? StringEnum(directions) : Type.Union(directions.map((name) => Type.Literal(name))),
  from: PhoneNumber,
  to: PhoneNumber,
  agentEmail: Type.Optional(formats ? Email : Type.String({ maxLength: 320 })),
  at: Type.Optional(Type.String({ ...(formats && { format: 'date-time' }), maxLength: 40, description: 'When it happened; the time it arrived when absent.' })),
  durationSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 24 * 3600, description: 'The talk time, sent with "ended".' })),
  recordingUrl: Type.Optional(Type.String({ maxLength: 2000, pattern: '^https?://[^\\s]+$', description: 'An http or https link to the recording.' })),
  notes: Type.Optional(Type.String({ maxLength: 5000 })),
});
export const CallEvent = callEvent(true);
export const StoredCallEvent = callEvent(false);
export type CallEvent = Static<typeof CallEvent>;

export const CallAck = Type.Object({ received: Type.Literal(true), duplicate: Type.Boolean() }, { title: 'PhoneCallAck' });

export const IntegrationBody = Strict({
  name: Name({ minLength: 1, description: 'What the telephony system is called, e.g. "Office PBX".' }),
  teamId: Type.Optional(Nullable(Id)),
  active: Type.Optional(Type.Boolean()),
});
export const IntegrationPatch = Strict({ name: Type.Optional(IntegrationBody.properties.name), teamId: Type.Optional(Nullable(Id)), active: Type.Optional(Type.Boolean()) });

export const Integration = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    teamId: Nullable(Type.Integer()),
    active: Type.Boolean(),
    tokenRotatedAt: Timestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'PhoneIntegration' },
);

/** Only on creation and rotation: the token, and the webhook path that carries it. */
export const IntegrationWithToken = Type.Object(
  { ...Integration.properties, token: Type.String(), webhookPath: Type.String({ description: 'POST call events here (prefix it with the server\'s address).' }) },
  { title: 'PhoneIntegrationWithToken' },
);
