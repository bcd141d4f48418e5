// Storing a message's files: bytes to the blob store, a row with name, type, size and checksum.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import type { BlobStore } from './blob-store.ts';
import { withoutBidi } from '../content/display-text.ts';

export interface IncomingFile {
  filename: string;
  contentType: string;
  data: Uint8Array;
  contentId?: string | null;
}

export async function storeAttachments(tx: Kysely<DB>, blobs: BlobStore, target: { messageId: number; ticketId: number }, files: IncomingFile[]) {
  const stored = [];
  for (const file of files) {
    const blobKey = await blobs.put(file.data, tx);
    stored.push(
      await tx
        .insertInto('attachments')
        .values({
          message_id: target.messageId,
          ticket_id: target.ticketId,
          filename: safeFilename(file.filename),
          content_type: file.contentType || 'application/octet-stream',
          size: file.data.byteLength,
          sha256: crypto.createHash('sha256').update(file.data).digest('hex'),
          blob_key: blobKey,
          content_id: file.contentId ?? null,
        })
        .returning(['id', 'message_id', 'filename', 'content_type', 'size', 'content_id'])
        .executeTakeFirstOrThrow(),
    );
  }
  return stored;
}

/** Keeps a name a person recognises, without path parts, control characters or bidi controls that would show it in another order. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = withoutBidi(base).replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 255);
  return clean || 'attachment';
}
