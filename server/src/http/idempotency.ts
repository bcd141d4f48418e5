// Idempotency-Key support for create endpoints: the first request's answer is stored in the same
// transaction as what it created, so a retried request gets that answer instead of a duplicate.
// A concurrent duplicate waits on the key's unique index and then replays the committed answer.
import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';
import type { Principal } from '../auth/principal.ts';
import { HttpError, badRequest } from './errors.ts';

export interface Answer<T> {
  status: number;
  body: T;
}

export async function idempotent<T>(
  db: Kysely<DB>,
  request: FastifyRequest,
  principal: Principal,
  run: (tx: Kysely<DB>) => Promise<Answer<T>>,
): Promise<Answer<T> & { replayed: boolean }> {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return { ...(await db.transaction().execute(run)), replayed: false };
  if (typeof header !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(header)) {
    throw badRequest('invalid_idempotency_key', 'The Idempotency-Key header must be 1–200 visible ASCII characters.');
  }
  const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
  const requestHash = crypto.createHash('sha256').update(route).update('\n').update(request.url).update('\n').update(JSON.stringify(request.body ?? null)).digest('hex');
  return db.transaction().execute(async (tx) => {
    const claimed = await tx
      .insertInto('idempotency_keys')
      .values({ agent_id: principal.id, key: header, route, request_hash: requestHash })
      .onConflict((oc) => oc.columns(['agent_id', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) {
      const stored = await tx.selectFrom('idempotency_keys').selectAll().where('agent_id', '=', principal.id).where('key', '=', header).executeTakeFirstOrThrow();
      if (stored.request_hash !== requestHash) {
        throw new HttpError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different request; use a new key for a new request.');
      }
      return { status: stored.status_code ?? 200, body: stored.response as T, replayed: true };
    }
    const answer = await run(tx);
    await tx
      .updateTable('idempotency_keys')
      .set({ status_code: answer.status, response: JSON.stringify(answer.body) })
      .where('agent_id', '=', principal.id)
      .where('key', '=', header)
      .execute();
    return { ...answer, replayed: false };
  });
}
