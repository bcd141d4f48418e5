// What a new password must be: at least MIN_PASSWORD_LENGTH characters, no control characters,
// and hard to guess by zxcvbn's estimate, with the agent's own email and names counted as known words.
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { refused } from '../errors.ts';

export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's score 3: about 10^8 guesses, "safely unguessable" against a slow hash such as argon2id. */
export const MIN_PASSWORD_SCORE = 3;

// C0/C1 controls (NUL included) and lone surrogates: the first are invisible or cut strings short in
// other tools, the second are not text at all and would hash the same as U+FFFD.
const NOT_TEXT = /[\p{Cc}\p{Cs}]/u;

// The dictionaries take a few megabytes and ~150 ms to load: done on the first password set, not at start.
let estimator: Promise<ZxcvbnFactory> | undefined;
function loadEstimator(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]);
    // Levenshtein matching is left off: it costs about half a second of CPU per password.
    return new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs, translations: en.translations });
  })();
  return estimator;
}

/** Words an attacker who knows the account would try first. */
function contextWords(context: { email?: string | undefined; names?: (string | undefined)[] }): string[] {
  const words = new Set<string>(['frontline', 'helpdesk', 'support']);
  for (const text of [context.email, ...(context.names ?? [])]) {
    if (!text) continue;
    const lower = text.toLowerCase();
    const parts = lower.split(/[\s@._+-]+/).filter((part) => part.length >= 3);
    // The whole text, its words, and the words run together ("mariaivanova"), in both orders for two.
    words.add(lower);
    words.add(parts.join(''));
    if (parts.length === 2) words.add(`${parts[1]}${parts[0]}`);
    for (const part of parts) words.add(part);
  }
  return [...words];
}

/** Refuses (422) with invalid_password or weak_password, with zxcvbn's advice as the message, unless the password may be set. */
export async function checkNewPassword(password: string, context: { email?: string | undefined; names?: (string | undefined)[] } = {}): Promise<void> {
  if (NOT_TEXT.test(password)) {
    throw refused('invalid_password', 'A password may not contain control characters such as NUL or line breaks.');
  }
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw refused('weak_password', `A password needs at least ${MIN_PASSWORD_LENGTH} characters; a few unrelated words make a good one.`, {
      minLength: MIN_PASSWORD_LENGTH,
    });
  }
  const result = (await loadEstimator()).check(password, contextWords(context));
  if (result.score >= MIN_PASSWORD_SCORE) return;
  const { warning, suggestions } = result.feedback;
  const advice = [warning, ...suggestions].filter(Boolean).join(' ');
  throw refused('weak_password', `This password is too easy to guess. ${advice}`.trim(), {
    score: result.score,
    minScore: MIN_PASSWORD_SCORE,
    warning,
    suggestions,
  });
}
