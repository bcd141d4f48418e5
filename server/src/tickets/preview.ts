// What an inbox row tells about a ticket's last message: one clipped line of plain text, and who
// wrote it. Kept on the ticket by the verbs that add messages (see migration 0016).

/** The longest preview kept, in characters (code points). */
export const PREVIEW_LENGTH = 200;

export type MessageAuthor = 'customer' | 'agent' | 'note';

/** One line of the text before its quoted history or signature, clipped to PREVIEW_LENGTH. */
export function previewOf(text: string, foldAt?: number | null): string {
  const own = foldAt !== null && foldAt !== undefined && foldAt > 0 ? text.slice(0, foldAt) : text;
  // Control and format characters (bidi overrides, zero-width) would garble a one-line row.
  const line = own.replace(/[\p{Cc}\p{Cf}\s]+/gu, ' ').trim();
  const points = Array.from(line);
  return points.length <= PREVIEW_LENGTH ? line : `${points.slice(0, PREVIEW_LENGTH - 1).join('').trimEnd()}…`;
}

export function authorOf(message: { internal?: boolean | undefined; direction: 'inbound' | 'outbound' }): MessageAuthor {
  if (message.internal) return 'note';
  return message.direction === 'inbound' ? 'customer' : 'agent';
}
