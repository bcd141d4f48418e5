// What an agent's avatar URL may point at: the server refuses others, the app shows no others.

/**
 * An avatar is shown as an <img> to every agent, so it may only come from an HTTPS origin or from
 * this server (a path with one leading slash; "//host" and "/\host" would leave the origin).
 */
export function isSafeAvatarUrl(url: string): boolean {
  if (/[\s\p{Cc}]/u.test(url)) return false;
  if (url.startsWith('/')) return !url.startsWith('//') && !url.startsWith('/\\');
  // Checked on the text too: the URL parser would read "https:///host" as https://host/.
  if (!/^https:\/\/[^/\\]/i.test(url)) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
