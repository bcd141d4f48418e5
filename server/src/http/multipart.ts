// Reads a multipart/form-data body: its text fields and its files (each within the server's
// attachment size, in number within the multipart plugin's limits).
import type { FastifyRequest } from 'fastify';
import type { IncomingFile } from '../attachments/verbs.ts';
import { payloadTooLarge } from './errors.ts';

export async function readParts(request: FastifyRequest): Promise<{ fields: Record<string, string>; files: IncomingFile[] }> {
  const fields: Record<string, string> = {};
  const files: IncomingFile[] = [];
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer();
      if (part.file.truncated) throw payloadTooLarge('attachment_too_large', `The file ${part.filename} is larger than this server accepts.`);
      files.push({ filename: part.filename, contentType: part.mimetype, data });
    } else if (typeof part.value === 'string') {
      fields[part.fieldname] = part.value;
    }
  }
  return { fields, files };
}
