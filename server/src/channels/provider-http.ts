// Small pieces every chat channel's provider client needs alike (Telegram, WhatsApp, VK): an answer
// read with a ceiling on its size, the reason a fetch got no answer, the text of an agent's reply
// (the alias in front, so the customer sees a person's name) and long text cut into message parts.
import type { OutboundMessage } from './registry.ts';

/** The body of `response`, refused without reading it all once it is over `maxBytes` (`fail` makes the error). */
export async function readBounded(response: Response, maxBytes: number, fail: (reason: string) => Error): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw fail(`the answer is ${declared} bytes, over the ${maxBytes} bytes taken`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        await response.body.cancel().catch(() => undefined);
        throw fail(`the answer is over the ${maxBytes} bytes taken`);
      }
      chunks.push(chunk);
    }
  }
  return Buffer.concat(chunks);
}

/** Why a fetch got no answer, in words (a timeout, a refused connection with its code). */
export function noAnswerReason(error: unknown, timedOut: boolean, timeoutMs: number): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (timedOut) return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  if (cause?.message && cause.code && !cause.message.includes(cause.code)) return `${cause.message} (${cause.code})`;
  return cause?.message ?? cause?.code ?? (error as Error).message;
}

/** The text in parts of at most `size` characters, cut at a line break or space where there is one. */
export function textParts(text: string, size: number): string[] {
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

/** The reply's text with the alias in front; only the alias for a reply of attachments alone is left out. */
export function replyText(message: Pick<OutboundMessage, 'bodyText' | 'agent'>, hasFiles: boolean): string {
  const alias = message.agent?.alias.trim();
  const body = message.bodyText.trim();
  if (body) return alias ? `${alias}:\n${body}` : body;
  return alias && !hasFiles ? `${alias}:` : '';
}
