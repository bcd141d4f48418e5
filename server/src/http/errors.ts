// One shape for every error the API answers: { error: { code, message, details } }.
// The domain's refusals are `AppError`s (../errors.ts); this file holds only what HTTP alone knows
// (a request whose shape or size is wrong), for `http/` and the route files.

/** A fault of the HTTP request itself, with its status; no verb or store throws one. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The request's shape is wrong (what a schema would say: a missing body, a bad header). */
export const badRequest = (code: string, message: string, details?: unknown) => new HttpError(400, code, message, details);
/** The request is larger than this server accepts. */
export const payloadTooLarge = (code: string, message: string) => new HttpError(413, code, message);

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
