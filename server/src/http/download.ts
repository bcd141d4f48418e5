// Files served to people outside the workspace (the portal, the chat widget).
import type { FastifyReply } from 'fastify';

/** A file as a download: never rendered by the browser as a page of this site. */
export function sendDownload(reply: FastifyReply, file: { filename: string; content_type: string }, data: Uint8Array) {
  return reply
    .header('content-type', 'application/octet-stream')
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(Buffer.from(data));
}
