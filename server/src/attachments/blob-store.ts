// Where attachment bytes live: in the database by default (every node sees them), or in a directory.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.ts';

export interface BlobStore {
  /** Stores bytes and returns the key to read them back; `tx` keeps a database write in the caller's transaction. */
  put(data: Uint8Array, tx?: Kysely<DB>): Promise<string>;
  get(key: string): Promise<Uint8Array | undefined>;
}

const newKey = (): string => crypto.randomBytes(16).toString('hex');

export class DatabaseBlobStore implements BlobStore {
  constructor(private readonly db: Kysely<DB>) {}

  async put(data: Uint8Array, tx?: Kysely<DB>): Promise<string> {
    const key = newKey();
    await (tx ?? this.db).insertInto('blobs').values({ key, data }).execute();
    return key;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    return (await this.db.selectFrom('blobs').select('data').where('key', '=', key).executeTakeFirst())?.data;
  }
}

export class DirectoryBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  async put(data: Uint8Array): Promise<string> {
    const key = newKey();
    const file = this.fileOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, data, { flag: 'wx' });
    return key;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    if (!/^[0-9a-f]{32}$/.test(key)) return undefined;
    try {
      return await fs.readFile(this.fileOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  private fileOf(key: string): string {
    return path.join(this.dir, key.slice(0, 2), key);
  }
}
