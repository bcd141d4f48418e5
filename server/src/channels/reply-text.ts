// The text a chat channel (Telegram, WhatsApp) sends for an agent's reply: the agent's alias in
// front, so the customer sees a person's name, and cut into the provider's message size.
import type { OutboundMessage } from './registry.ts';

/** The reply's text with the alias in front; only the alias for a reply of attachments alone is left out. */
export function replyText(message: Pick<OutboundMessage, 'bodyText' | 'agent'>, hasFiles: boolean): string {
  const alias = message.agent?.alias.trim();
  const body = message.bodyText.trim();
  if (body) return alias ? `${alias}:\n${body}` : body;
  return alias && !hasFiles ? `${alias}:` : '';
}

/** The text in parts of at most `size` characters, cut at a line break or space where there is one. */
export function chunks(text: string, size: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > size) {
    const window = rest.slice(0, size);
    const cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    const at = cut > size / 2 ? cut : size;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^[\n ]/, '');
  }
  if (rest.trim()) parts.push(rest);
  return parts;
}
