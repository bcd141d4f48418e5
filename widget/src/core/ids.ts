// Client ids for sends and conversation keys: 8–64 of [A-Za-z0-9_-], as the server accepts.

export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export function isClientId(value: unknown): value is string {
  return typeof value === 'string' && CLIENT_ID_PATTERN.test(value);
}

/** A fresh id: a random UUID without its dashes (32 hex digits). */
export function newClientId(randomUUID: () => string = () => globalThis.crypto.randomUUID()): string {
  return randomUUID().replace(/-/g, '');
}
