// Reads a multipart/form-data body: its text fields and its files (each within the server's
// attachment size, in number within the multipart plugin's limits).
import type { FastifyRequest } from 'fastify';
import type { IncomingFile } from '../attachments/verbs.ts';
import { refused } from '../errors.ts';
import { badRequest, payloadTooLarge } from './errors.ts';

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

/** The fields (only those named) and files of a JSON or multipart body. */
export async function readFieldsAndFiles(request: FastifyRequest, known: string[], maxFiles: number): Promise<{ fields: Record<string, unknown>; files: IncomingFile[] }> {
  let fields: Record<string, unknown>;
  let files: IncomingFile[] = [];
  if (request.isMultipart()) {
    ({ fields, files } = await readParts(request));
    if (files.length > maxFiles) throw refused('too_many_files', `At most ${maxFiles} files can go with one message.`);
  } else {
    if (!request.body || typeof request.body !== 'object' || Array.isArray(request.body)) throw badRequest('invalid_request', 'The body must be a JSON object (or multipart/form-data).');
    fields = request.body as Record<string, unknown>;
  }
  const unknown = Object.keys(fields).filter((key) => !known.includes(key));
  if (unknown.length) throw badRequest('invalid_request', `Unknown field ${unknown.slice(0, 3).join(', ')}; this takes ${known.join(' and ')}.`);
  return { fields, files };
}
