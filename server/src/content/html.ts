// Text into HTML: what a page or a mail's HTML part shows of text a person wrote.

/** The text with the characters HTML gives meaning to escaped, safe inside elements and quoted attributes. */
export const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
