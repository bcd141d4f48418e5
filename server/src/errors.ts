// The errors the domain throws: what was refused and why, in the domain's words, never an HTTP
// status. Verbs, stores, policies, the CLI and boot throw these; only `http/` turns them into answers.

/**
 * Why something was refused. Each kind has one HTTP status in `http/error-handler.ts`; the CLI
 * and boot print the message. A new kind is a new case there (the compiler asks for it).
 */
export type ErrorKind =
  /** A value the operation cannot make sense of, whatever the state (a malformed cursor). */
  | 'invalid_input'
  /** Who is asking is not established: no session, a wrong password at sign-in, a revoked token. */
  | 'unauthenticated'
  /** Who is asking is known and may not do this (a role, a team's ticket, a CSRF check). */
  | 'forbidden'
  /** What the operation names does not exist (or is not there for this asker). */
  | 'not_found'
  /** The operation collides with the current state: a taken email, a job that is not dead. */
  | 'conflict'
  /** Well-formed, but a rule says no: a weak password, a transition that is not allowed. */
  | 'refused'
  /** Refused for now; allowed again after `retryAfterSeconds` (a locked account). */
  | 'throttled';

/**
 * An error of the application, named by its kind. `code` is a stable string clients match on
 * (`ticket_not_found`); `message` is for people; `details` is data a client may act on.
 * The class keeps the name `AppError` that job and inbox error texts have always shown.
 */
export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Only for `throttled`: how long until asking again may succeed. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const invalidInput = (code: string, message: string, details?: unknown) => new AppError('invalid_input', code, message, details);
export const unauthenticated = (message = 'Sign in first.') => new AppError('unauthenticated', 'unauthorized', message);
export const forbidden = (message = 'You do not have permission to do this.') => new AppError('forbidden', 'forbidden', message);
export const notFound = (code: string, message: string, details?: unknown) => new AppError('not_found', code, message, details);
export const conflict = (code: string, message: string, details?: unknown) => new AppError('conflict', code, message, details);
export const refused = (code: string, message: string, details?: unknown) => new AppError('refused', code, message, details);
export const throttled = (code: string, message: string, retryAfterSeconds: number, details?: unknown) =>
  new AppError('throttled', code, message, details, retryAfterSeconds);
