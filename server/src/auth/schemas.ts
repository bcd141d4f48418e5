import { Type } from '@sinclair/typebox';
import { Email, Nullable, Strict, Timestamp, Name } from '../http/schema-kit.ts';

export const LoginBody = Strict({ email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }) });

export const LoginResponse = Type.Object({
  token: Type.String({ description: 'Usable as "Authorization: Bearer <token>" for scripts; the same session as the cookie.' }),
  csrfToken: Type.String({ description: 'Send as X-CSRF-Token with changes made through the cookie session.' }),
  expiresAt: Timestamp,
}, { title: 'LoginResponse' });

export const TokenCreateBody = Strict({ name: Name({ minLength: 1 }) });

export const ApiToken = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  prefix: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: Nullable(Timestamp),
  revokedAt: Nullable(Timestamp),
}, { title: 'ApiToken' });

export const ApiTokenCreated = Type.Composite([ApiToken, Type.Object({ token: Type.String({ description: 'Shown once; store it now.' }) })], { title: 'ApiTokenCreated' });
