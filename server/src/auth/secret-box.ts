// Encrypts the secrets Frontline must be able to read back (mailbox passwords, provider tokens)
// with AES-256-GCM under one key from the environment. A sealed value reads
// "v1.<iv>.<tag>.<ciphertext>" in base64url; a wrong key or a changed value fails to open.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export class SecretBox {
  private readonly key: Buffer | undefined;
  private readonly missing: string;

  constructor(key: Buffer | undefined, missing = 'FRONTLINE_SECRET_KEY is not set') {
    if (key && key.length !== 32) throw new Error('the secret key must be 32 bytes');
    this.key = key;
    this.missing = missing;
  }

  get available(): boolean {
    return this.key !== undefined;
  }

  seal(plain: string): string {
    const key = this.requireKey();
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), data].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  open(sealed: string): string {
    const key = this.requireKey();
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('the stored secret is not in a known format');
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('a stored secret cannot be decrypted: FRONTLINE_SECRET_KEY is not the key it was saved with');
    }
  }

  private requireKey(): Buffer {
    if (!this.key) throw new Error(this.missing);
    return this.key;
  }
}

/** 64 hex digits or base64 of 32 bytes. */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('FRONTLINE_SECRET_KEY must be 32 bytes, written as 64 hex digits or in base64');
  return key;
}

/**
 * The key from the environment; else, for the embedded database (one machine by nature), a key
 * generated once and kept beside it in DATA_DIR/secret.key; else none (PostgreSQL without a key:
 * saving a secret fails with a message saying what to set).
 */
export function loadSecretBox(options: { secretKey: string | undefined; dataDir: string; embedded: boolean }): SecretBox {
  if (options.secretKey) return new SecretBox(parseSecretKey(options.secretKey));
  if (!options.embedded) return new SecretBox(undefined, 'set FRONTLINE_SECRET_KEY (32 random bytes as 64 hex digits) to store mailbox passwords; every node needs the same key');
  const file = path.join(options.dataDir, 'secret.key');
  try {
    return new SecretBox(parseSecretKey(fs.readFileSync(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, key.toString('hex'), { mode: 0o600, flag: 'wx' });
  return new SecretBox(key);
}
