import { Type } from '@sinclair/typebox';
import { Id, Nullable, Strict, StringEnum, Timestamp } from '../http/schema-kit.ts';
import { auditActions, auditSubjects } from '@frontline/shared';

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  // null: the system (inbound mail, jobs).
  actor: Nullable(Type.Object({ id: Type.Integer(), name: Nullable(Type.String()) })),
  action: StringEnum(auditActions),
  subject: Type.Object({ type: StringEnum(auditSubjects), id: Nullable(Type.Integer()) }),
  before: Type.Unknown(),
  after: Type.Unknown(),
  clientAddress: Type.Optional(Nullable(Type.String())),
}, { title: 'AuditEntry' });

export const AuditListQuery = Strict({
  actorId: Type.Optional(Id),
  action: Type.Optional(StringEnum(auditActions)),
  subjectType: Type.Optional(StringEnum(auditSubjects)),
  subjectId: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
});

export const AuditPage = Type.Object({ items: Type.Array(AuditEntry), nextCursor: Nullable(Type.String()) });
