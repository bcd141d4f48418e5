import { Type } from '@sinclair/typebox';
import { identityKinds, ticketStatuses } from '@frontline/shared';
import { Id, Limit, Name, Nullable, Strict, StringEnum, Timestamp } from '../http/schema-kit.ts';

const Language = Type.String({ pattern: '^[a-z]{2,3}$', description: 'ISO 639 code, e.g. ru, en, ka.' });

export const IdentityInput = Strict({ kind: StringEnum(identityKinds), value: Type.String({ minLength: 1, maxLength: 320 }) });

export const Identity = Type.Object({ id: Type.Integer(), kind: Type.String(), value: Type.String() }, { title: 'Identity' });

export const Customer = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  organizationId: Nullable(Type.Integer()),
  language: Nullable(Type.String()),
  notes: Type.String(),
  mergedIntoId: Nullable(Type.Integer()),
  unknownSender: Type.Boolean({ description: 'Made for an email that came with no sender address: nothing can be sent to this customer.' }),
  identities: Type.Array(Identity),
  createdAt: Timestamp,
  updatedAt: Timestamp,
}, { title: 'Customer' });

export const CustomerDetail = Type.Composite([
  Customer,
  Type.Object({
    organization: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), domain: Nullable(Type.String()) }, { title: 'OrganizationRef' })),
    recentTickets: Type.Array(Type.Object({ id: Type.Integer(), number: Type.Integer(), subject: Type.String(), status: StringEnum(ticketStatuses), updatedAt: Timestamp })),
  }),
], { title: 'CustomerDetail' });

export const CustomerCreateBody = Strict({
  name: Type.Optional(Name()),
  organizationId: Type.Optional(Nullable(Id)),
  language: Type.Optional(Nullable(Language)),
  notes: Type.Optional(Type.String({ maxLength: 10_000 })),
  identities: Type.Optional(Type.Array(IdentityInput, { maxItems: 50 })),
});

export const CustomerUpdateBody = Strict({
  name: Type.Optional(Name()),
  organizationId: Type.Optional(Nullable(Id)),
  language: Type.Optional(Nullable(Language)),
  notes: Type.Optional(Type.String({ maxLength: 10_000 })),
  addIdentities: Type.Optional(Type.Array(IdentityInput, { maxItems: 50 })),
  removeIdentityIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
});

export const MergeBody = Strict({ sourceId: Id });

export const CustomerListQuery = Strict({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  organizationId: Type.Optional(Id),
  limit: Type.Optional(Limit(200, 50)),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

export const Organization = Type.Object({ id: Type.Integer(), name: Type.String(), domain: Nullable(Type.String()), createdAt: Timestamp }, { title: 'Organization' });
export const OrganizationDetail = Type.Composite([Organization, Type.Object({ customerCount: Type.Integer({ minimum: 0 }) })], { title: 'OrganizationDetail' });
const Domain = Type.String({ pattern: '^[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$', maxLength: 253, description: 'New customers with an email address at this domain join the organization.' });
export const OrganizationBody = Strict({
  name: Name({ minLength: 1 }),
  domain: Type.Optional(Nullable(Domain)),
});
export const OrganizationUpdateBody = Type.Object(
  { name: Type.Optional(Name({ minLength: 1 })), domain: Type.Optional(Nullable(Domain)) },
  { additionalProperties: false, minProperties: 1, description: 'The name, the domain, or both.' },
);
export const OrganizationListQuery = Strict({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Part of the name or domain.' })),
  limit: Type.Optional(Limit(1000, 1000)),
  cursor: Type.Optional(Type.String({ maxLength: 1200 })),
});

export const CustomerHistoryQuery = Strict({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});
