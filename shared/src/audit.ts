// What the audit log records: the actions and the kinds of thing they act on. The server writes
// only these; the admin screen filters and names them.
export const auditActions = [
  'customer.updated',
  'customer.identity_changed',
  'customer.merged',
  'agent.created',
  'agent.role_changed',
  'agent.teams_changed',
  'agent.activated',
  'agent.deactivated',
  'agent.password_changed',
  'team.members_changed',
  'token.created',
  'token.revoked',
  'ticket.merged',
  'phone_integration.created',
  'phone_integration.changed',
  'phone_integration.token_rotated',
  'phone_integration.deleted',
  'calendar.created',
  'calendar.changed',
  'calendar.made_default',
  'calendar.holidays_imported',
  'calendar.deleted',
  'desk.settings_changed',
] as const;
export type AuditAction = (typeof auditActions)[number];

export const auditSubjects = ['customer', 'agent', 'team', 'token', 'ticket', 'phone_integration', 'calendar', 'desk'] as const;
export type AuditSubject = (typeof auditSubjects)[number];
