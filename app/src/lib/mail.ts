// Email bodies for the ticket view: the part before the quoted history, inline images, and the
// document a message is shown in. HTML is changed only as a parsed tree, never as a string.

/** The text before `foldAt` (quoted history or a signature starts there), without trailing blank lines. */
export function beforeFold(text: string, foldAt: number | null | undefined): string {
  if (foldAt === null || foldAt === undefined || foldAt <= 0 || foldAt >= text.length) return text;
  return text.slice(0, foldAt).trimEnd();
}

/**
 * Sanitized HTML as an inert document (DOMParser: no scripts run, nothing loads) to change as a
 * tree; `html()` serializes it back. Working on the tree means an attribute value stays a value:
 * text such as ` src=cid:x onerror=…` inside an alt cannot become an attribute of its own.
 */
function parse(html: string): { body: HTMLElement; html: () => string } {
  const doc = new DOMParser().parseFromString(`<!doctype html><html><head></head><body>${html}</body></html>`, 'text/html');
  return { body: doc.body, html: () => doc.body.innerHTML };
}

/** Each non-whitespace character of the visible text, with the text node and offset it sits at. */
function visibleCharacters(body: HTMLElement): { chars: string; at: [Text, number][] } {
  let chars = '';
  const at: [Text, number][] = [];
  const walker = body.ownerDocument.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const value = node.data;
    for (let i = 0; i < value.length; i++) {
      if (/\s/.test(value[i]!)) continue;
      chars += value[i];
      at.push([node, i]);
    }
  }
  return { chars, at };
}

/** Removes what trails at the end without showing anything: whitespace, <br>, emptied wrappers. */
function dropEmptyTail(element: Element): void {
  for (let last = element.lastChild; last; last = element.lastChild) {
    const isEmptyText = last.nodeType === Node.TEXT_NODE && !last.textContent?.trim();
    const isEmptyElement = last instanceof Element && !last.textContent?.trim() && !last.querySelector('img') && last.tagName !== 'IMG' && last.tagName !== 'HR';
    if (!isEmptyText && !isEmptyElement) {
      if (last instanceof Element) dropEmptyTail(last);
      return;
    }
    last.remove();
  }
}

/**
 * The HTML before the quoted history, found by the text that starts it (the line at `foldAt` in
 * the message's text): the tree is cut where that text begins, nearest to where the text version
 * puts it, and the wrappers the cut leaves empty go too. Null when the HTML does not hold it, so
 * the caller shows the folded text instead.
 */
export function foldHtml(html: string, text: string, foldAt: number | null | undefined): string | null {
  if (foldAt === null || foldAt === undefined || foldAt <= 0 || foldAt >= text.length) return null;
  const line = text.slice(foldAt).split('\n').find((entry) => entry.replace(/^[\s>]+/, '').trim()) ?? '';
  const marker = line.replace(/^[\s>]+/, '').replace(/\s+/g, '').slice(0, 24);
  if (marker.length < 2) return null;
  const expected = text.slice(0, foldAt).replace(/\s+/g, '').length;
  const tree = parse(html);
  const { chars, at } = visibleCharacters(tree.body);
  let best = -1;
  for (let found = chars.indexOf(marker); found !== -1; found = chars.indexOf(marker, found + 1)) {
    if (best === -1 || Math.abs(found - expected) < Math.abs(best - expected)) best = found;
  }
  if (best <= 0) return null;
  const [node, offset] = at[best]!;
  const range = tree.body.ownerDocument.createRange();
  range.setStart(node, offset);
  range.setEnd(tree.body, tree.body.childNodes.length);
  range.deleteContents();
  dropEmptyTail(tree.body);
  return tree.html();
}

/** True when HTML shows no text and no image (a message then shows its text part instead). */
export function isBlankHtml(html: string): boolean {
  const { body } = parse(html);
  return !body.textContent?.trim() && !body.querySelector('img');
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

/**
 * Points each `<img src="cid:X">` at the attachment whose contentId is X, so inline images show.
 * Only img src values change; a reference with no matching attachment is left as it is.
 */
export function inlineImages(html: string, attachments: readonly { contentId?: string | null; url: string }[]): string {
  if (!/cid:/i.test(html)) return html;
  const urls = new Map<string, string>();
  for (const file of attachments) if (file.contentId) urls.set(cidKey(file.contentId), file.url);
  if (urls.size === 0) return html;
  const tree = parse(html);
  let changed = false;
  for (const image of tree.body.querySelectorAll('img[src]')) {
    const src = image.getAttribute('src')!.trim();
    if (!/^cid:/i.test(src)) continue;
    const url = urls.get(cidKey(src.slice(4)));
    if (!url) continue;
    image.setAttribute('src', url);
    changed = true;
  }
  return changed ? tree.html() : html;
}

/** A URL as the browser reads it (tabs, newlines and entities already undone), against this page. */
function urlOf(value: string): URL | null {
  try {
    return new URL(value, globalThis.location?.href ?? 'https://relative.invalid/');
  } catch {
    return null;
  }
}

const linkSchemes = new Set(['http:', 'https:', 'mailto:', 'tel:']);
/** Inline images only: data: images, unresolved cid: (shows nothing) and this server's attachments. */
function isInlineImage(src: string): boolean {
  const url = urlOf(src);
  if (!url) return false;
  if (url.protocol === 'cid:') return true;
  if (url.protocol === 'data:') return /^data:image\//i.test(url.href);
  return url.origin === globalThis.location?.origin && url.pathname.startsWith('/api/v1/attachments/');
}

/**
 * The message as shown, whatever was stored (older messages were cleaned by older rules): no
 * script, style sheet, meta, base, embedded document or form; no style that loads anything; links
 * open in a new tab without a referrer and only with web, mail and phone schemes; images are
 * inline ones only; no handler attributes. The frame it is shown in runs no script either; this keeps the tree honest.
 */
export function hardenHtml(html: string): string {
  const tree = parse(html);
  // Elements that act on the page or fetch by themselves; the sanitizer never lets them through.
  for (const element of tree.body.querySelectorAll('script, style, link, meta, base, iframe, frame, object, embed, form')) element.remove();
  for (const element of tree.body.querySelectorAll('*')) {
    for (const { name, value } of [...element.attributes]) {
      const isActive = /^on/i.test(name) || name === 'srcset' || name === 'formaction' || name === 'xlink:href';
      if (isActive || (name === 'style' && /url\s*\(|expression\s*\(|image-set|\\/i.test(value))) element.removeAttribute(name);
    }
  }
  for (const link of tree.body.querySelectorAll('a')) {
    const href = link.getAttribute('href');
    if (href !== null && !linkSchemes.has(urlOf(href)?.protocol ?? '')) link.removeAttribute('href');
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', 'noopener noreferrer nofollow');
  }
  for (const image of tree.body.querySelectorAll('img[src]')) {
    if (!isInlineImage(image.getAttribute('src')!)) image.removeAttribute('src');
  }
  return tree.html();
}

// Inside the frame: images from this server or inline, the frame's own styles, nothing else. The
// frame is sandboxed without scripts; this also holds where the sandbox attribute is not honoured.
const frameCsp = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src 'self'; base-uri 'none'; form-action 'none'";

const frameStyle = [
  ':root { color-scheme: light; }',
  'html { overflow-y: hidden; overflow-x: auto; }',
  "body { margin: 0; display: flow-root; font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Georgian', 'DejaVu Sans', sans-serif; color: #1c2430; background: transparent; overflow-wrap: anywhere; }",
  'img { max-width: 100%; height: auto; }',
  'table { max-width: 100%; }',
  'pre { white-space: pre-wrap; }',
  'a { color: #2b5b8c; }',
  'blockquote { margin: 0 0 0 .8ex; padding-left: 1ex; border-left: 2px solid #dde1e7; color: #566170; }',
  'p:first-child { margin-top: 0; } p:last-child { margin-bottom: 0; }',
].join('\n');

/** The whole document (an iframe's srcdoc) that shows a message's HTML inside its own box. */
export function messageDocument(html: string, lang?: string): string {
  // The message's language (a BCP 47 tag, checked) makes a screen reader use the right voice.
  const langAttr = lang && /^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(lang) ? ` lang="${lang}"` : '';
  return `<!doctype html><html${langAttr}><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${frameCsp}"><base target="_blank"><style>${frameStyle}</style></head><body>${hardenHtml(html)}</body></html>`;
}
