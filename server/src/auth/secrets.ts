// Passwords (argon2id) and bearer secrets (random, stored only as SHA-256).
import crypto from 'node:crypto';
import argon2 from 'argon2';

/** The cost of new hashes: argon2's defaults (64 MiB, 3 passes, 4 lanes) until boot sets the configured one. */
let cost = { memoryCost: 65_536, timeCost: 3 };

/** Sets the cost of the hashes made from now on (config PASSWORD_HASH_MEMORY_KIB, PASSWORD_HASH_PASSES). */
export function setPasswordHashCost({ memoryKib, passes }: { memoryKib: number; passes: number }): void {
  cost = { memoryCost: memoryKib, timeCost: passes };
}

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id, ...cost });

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    // Spend comparable time so a missing account is not told apart by timing.
    await hashPassword(password);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A new random secret with a readable prefix telling what it is: fls_ (session) or flt_ (API token). */
export const newSecret = (prefix: 'fls' | 'flt' | 'flc' | 'fll' | 'csrf'): string => `${prefix}_${crypto.randomBytes(32).toString('base64url')}`;

export const hashSecret = (secret: string): string => crypto.createHash('sha256').update(secret).digest('hex');

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
