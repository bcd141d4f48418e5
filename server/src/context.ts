// What every feature is handed by the composition root: the database, configuration, clock and spine.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/connect.ts';
import type { DB } from './db/tables.ts';
import type { EventBus } from './events/bus.ts';
import type { BlobStore } from './attachments/blob-store.ts';
import type { ChannelRegistry } from './channels/registry.ts';
import type { SecretBox } from './auth/secret-box.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export interface Context {
  config: Config;
  database: Database;
  db: Kysely<DB>;
  clock: Clock;
  log: Logger;
  events: EventBus;
  blobs: BlobStore;
  channels: ChannelRegistry;
  /** Seals and opens stored secrets (mailbox passwords). */
  secrets: SecretBox;
}
