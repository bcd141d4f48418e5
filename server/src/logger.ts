// The one logger set-up: pino with every secret field redacted and errors described without the
// values they carry (SQL parameters, the row a constraint quotes, request bodies).
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Every field that holds a secret, a hash of one or a sealed one: database columns (snake_case),
 * their API names (camelCase) and the HTTP headers that carry them.
 */
export const SECRET_FIELDS = [
  'password',
  'password_hash',
  'passwordHash',
  'token',
  'token_hash',
  'tokenHash',
  'csrf_token',
  'csrfToken',
  'imap_password_enc',
  'smtp_password_enc',
  'secret',
  'secretKey',
  'authorization',
  'cookie',
  'set-cookie',
  'x-csrf-token',
] as const;

/** Values that look like a secret wherever they appear in text: argon2 hashes, session and API tokens, sealed passwords, SHA-256 hex. */
const SECRET_TEXT = /\$argon2[a-z]*\$[^\s"')]*|\b(?:fls|flt|csrf)_[A-Za-z0-9_-]{10,}|\bv1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*|\b[0-9a-f]{64}\b/g;

const quoted = (field: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(field) ? field : `["${field}"]`);
const join = (prefix: string, field: string) => (quoted(field).startsWith('[') ? `${prefix}${quoted(field)}` : `${prefix}.${field}`);

/** pino redact paths for the secret fields at the top and up to three levels down (bodies, rows, headers). */
export const redactPaths = SECRET_FIELDS.flatMap((field) => [quoted(field), join('*', field), join('*.*', field), join('*.*.*', field)]);

/** Text with anything that looks like a secret replaced. */
export const scrubSecrets = (text: string): string => text.replace(SECRET_TEXT, '[Redacted]');

interface DatabaseErrorLike {
  code: string;
  severity?: string;
  table?: string;
  column?: string;
  constraint?: string;
  dataType?: string;
  routine?: string;
}

/** An error from PostgreSQL or PGlite: it has a five-character SQLSTATE and a severity. */
export function isDatabaseError(error: unknown): error is Error & DatabaseErrorLike {
  if (!error || typeof error !== 'object') return false;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string';
}

/**
 * A database error's message quotes the values it failed on (`invalid input syntax … "<value>"`,
 * a trigger's `RAISE` may print a whole row), so only its SQLSTATE and the names of what failed are told.
 */
function describeDatabaseError(error: DatabaseErrorLike): string {
  const where = [error.table && `table ${error.table}`, error.column && `column ${error.column}`, error.constraint && `constraint ${error.constraint}`, error.dataType && `type ${error.dataType}`]
    .filter(Boolean)
    .join(', ');
  return `database error ${error.code}${where ? ` (${where})` : ''}`;
}

/** The message of any error, safe to log or to show on an admin screen. */
export function safeErrorMessage(error: unknown): string {
  if (isDatabaseError(error)) return describeDatabaseError(error);
  const message = error instanceof Error ? error.message : String(error);
  return scrubSecrets(message);
}

/**
 * What the logger writes for an error: its class, a safe message, a stack without the message's
 * first line, and a few known-safe fields. Never the driver's query, parameters, detail or where.
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: safeErrorMessage(error) };
  const message = safeErrorMessage(error);
  const type = error.constructor?.name && error.constructor.name.length > 2 ? error.constructor.name : error.name;
  const frames = (error.stack ?? '').split('\n').filter((line) => line.startsWith('    at '));
  const fields: Record<string, unknown> = { type, message, stack: [`${type}: ${message}`, ...frames].join('\n') };
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  if (typeof code === 'string' || typeof code === 'number') fields.code = code;
  if (typeof statusCode === 'number') fields.statusCode = statusCode;
  if (isDatabaseError(error)) {
    for (const key of ['table', 'column', 'constraint', 'routine'] as const) if (error[key]) fields[key] = error[key];
  }
  if (error.cause !== undefined && depth < 3) fields.cause = serializeError(error.cause, depth + 1);
  return fields;
}

export interface LoggerOptions {
  level: string;
  /** Where lines go (tests pass a memory stream); standard output otherwise. */
  destination?: DestinationStream;
}

export function createLogger({ level, destination }: LoggerOptions): Logger {
  const options = {
    level,
    redact: { paths: redactPaths, censor: '[Redacted]' },
    serializers: { err: (error: unknown) => serializeError(error), error: (error: unknown) => (error instanceof Error ? serializeError(error) : error) },
  };
  return destination ? pino(options, destination) : pino(options);
}
