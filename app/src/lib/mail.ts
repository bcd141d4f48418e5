// Email bodies for the ticket view: the part before the quoted history, and inline images.

/** The text before `foldAt` (quoted history or a signature starts there), without trailing blank lines. */
export function beforeFold(text: string, foldAt: number | null | undefined): string {
  if (foldAt === null || foldAt === undefined || foldAt <= 0 || foldAt >= text.length) return text;
  return text.slice(0, foldAt).trimEnd();
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The visible characters of (sanitized) HTML, without whitespace, each with its offset in the HTML. */
function visibleCharacters(html: string): { chars: string; offsets: number[] } {
  let chars = '';
  const offsets: number[] = [];
  for (let i = 0; i < html.length; i++) {
    const c = html[i]!;
    if (c === '<') {
      const end = html.indexOf('>', i);
      if (end === -1) break;
      i = end;
      continue;
    }
    let value = c;
    let next = i;
    if (c === '&') {
      const entity = /^&(#x[0-9a-f]+|#\d+|[a-z]+);/i.exec(html.slice(i, i + 12));
      if (entity) {
        const name = entity[1]!;
        value = name.startsWith('#') ? String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1))) : (entities[name.toLowerCase()] ?? entity[0]);
        next = i + entity[0].length - 1;
      }
    }
    if (!/\s/.test(value)) {
      chars += value;
      offsets.push(i);
    }
    i = next;
  }
  return { chars, offsets };
}

/**
 * The HTML before the quoted history, found by the text that starts it (the line at `foldAt` in
 * the message's text): the HTML is cut where that text begins, nearest to where the text version
 * puts it, and the browser closes what the cut leaves open. Null when the HTML does not hold it,
 * so the caller shows the folded text instead.
 */
export function foldHtml(html: string, text: string, foldAt: number | null | undefined): string | null {
  if (foldAt === null || foldAt === undefined || foldAt <= 0 || foldAt >= text.length) return null;
  const line = text.slice(foldAt).split('\n').find((entry) => entry.replace(/^[\s>]+/, '').trim()) ?? '';
  const marker = line.replace(/^[\s>]+/, '').replace(/\s+/g, '').slice(0, 24);
  if (marker.length < 2) return null;
  const expected = text.slice(0, foldAt).replace(/\s+/g, '').length;
  const { chars, offsets } = visibleCharacters(html);
  let best = -1;
  for (let at = chars.indexOf(marker); at !== -1; at = chars.indexOf(marker, at + 1)) {
    if (best === -1 || Math.abs(at - expected) < Math.abs(best - expected)) best = at;
  }
  if (best <= 0) return null;
  // Opening tags left dangling at the cut (the quote's wrapper) would only show as empty boxes.
  return html.slice(0, offsets[best]).replace(/(?:\s|<[a-z][^>]*>)+$/i, '');
}

/** A Content-ID as a lookup key: without angle brackets, case-insensitive. */
function cidKey(value: string): string {
  let id = value.trim();
  try {
    id = decodeURIComponent(id);
  } catch {
    // not %-encoded: use it as it is
  }
  return id.replace(/^<|>$/g, '').toLowerCase();
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * Points `src="cid:X"` at the attachment whose contentId is X, so inline images show. A reference
 * with no matching attachment is left as it is (the browser shows nothing for it).
 */
export function inlineImages(html: string, attachments: readonly { contentId?: string | null; url: string }[]): string {
  if (!/cid:/i.test(html)) return html;
  const urls = new Map<string, string>();
  for (const file of attachments) if (file.contentId) urls.set(cidKey(file.contentId), file.url);
  if (urls.size === 0) return html;
  return html.replace(/(\ssrc\s*=\s*)(?:"cid:([^"]*)"|'cid:([^']*)'|cid:([^\s>"']+))/gi, (match, prefix: string, dq?: string, sq?: string, bare?: string) => {
    const url = urls.get(cidKey(dq ?? sq ?? bare ?? ''));
    return url ? `${prefix}"${escapeAttribute(url)}"` : match;
  });
}
