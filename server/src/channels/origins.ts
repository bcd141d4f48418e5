// Sites' origins, as admins list them for a contact form or a chat site: checked and normalized
// when saved, compared exactly with a browser's Origin header when a request comes.
import type { FastifyRequest } from 'fastify';
import { refused } from '../errors.ts';

/** "https://Shop.example/" → "https://shop.example"; anything but an http(s) origin is refused. */
export function originOf(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw refused('invalid_origin', `"${text.slice(0, 100)}" is not a web address such as https://shop.example.`, { field: 'allowedOrigins' });
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw refused('invalid_origin', `"${text.slice(0, 100)}" must be a site's origin only: a scheme and a host, such as https://shop.example.`, { field: 'allowedOrigins' });
  }
  return url.origin;
}

/** Whether a browser on `origin` may use the channel: a listed origin, the help desk's own, or no Origin at all (not a browser). */
export const originAllowed = (allowed: readonly string[], origin: string | undefined, own: string): boolean => !origin || origin === own || allowed.includes(origin);

/** The help desk's own origin, as the request reached it (its own pages may always use a channel). */
export const ownOrigin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
