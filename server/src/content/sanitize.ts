// Inbound HTML is cleaned with an allowlist before it is stored or shown: no script, no styles
// that can overlay the app, no remote images (tracking pixels) — only inline cid:/data: images.
import sanitizeHtml from 'sanitize-html';
import { allowedStyles, withBoundedSizes } from './allowed-styles.ts';

const options: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'div', 'span', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'sub', 'sup', 'small', 'big',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'hr',
    'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'img',
    'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col', 'font', 'center',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'name'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan', 'align', 'valign'],
    th: ['colspan', 'rowspan', 'align', 'valign'],
    table: ['border', 'cellpadding', 'cellspacing', 'width'],
    font: ['color'],
    // Inline styles keep an email's formatting; allowedStyles decides which declarations stay.
    '*': ['dir', 'lang', 'style'],
  },
  allowedStyles,
  parseStyleAttributes: true,
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['cid', 'data'] },
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' } }),
    img: withBoundedSizes,
    table: withBoundedSizes,
  },
  allowedAttributesByTag: undefined,
} as sanitizeHtml.IOptions;

// rel and target are set by the transform above; allow them through the attribute filter.
options.allowedAttributes = { ...(options.allowedAttributes as Record<string, string[]>), a: ['href', 'title', 'name', 'rel', 'target'] };

export function sanitizeMessageHtml(html: string): string {
  return sanitizeHtml(html, options);
}

/** A plain-text rendering of HTML, for search and for channels that cannot show HTML. */
export function htmlToText(html: string): string {
  return sanitizeHtml(html.replace(/<(br|\/p|\/div|\/li|\/tr|\/h\d)\s*\/?>/gi, '\n'), { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
