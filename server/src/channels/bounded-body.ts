// Reading a provider's answer with a bound (Telegram's Bot API, WhatsApp's Graph API): a declared
// length over the bound is refused before reading, a stream that grows over it is cut off.

/** The body's bytes; over `maxBytes`, the error `tooLarge` makes of the reason. */
export async function readBounded(response: Response, maxBytes: number, tooLarge: (reason: string) => Error): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(`the answer is ${declared} bytes, over the ${maxBytes} bytes taken`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        await response.body.cancel().catch(() => undefined);
        throw tooLarge(`the answer is over the ${maxBytes} bytes taken`);
      }
      chunks.push(chunk);
    }
  }
  return Buffer.concat(chunks);
}
