// Email bodies for the ticket view: the part before the quoted history, and inline images.

/** The text before `foldAt` (quoted history or a signature starts there), without trailing blank lines. */
export function beforeFold(text: string, foldAt: number | null | undefined): string {
  if (foldAt === null || foldAt === undefined || foldAt <= 0 || foldAt >= text.length) return text;
  return text.slice(0, foldAt).trimEnd();
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
