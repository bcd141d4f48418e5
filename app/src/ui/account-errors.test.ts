import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { accountErrorText } from './account-errors';

const t = (key: string, options?: Record<string, unknown>) => (options ? `${key} ${JSON.stringify(options)}` : key);

describe('account error texts', () => {
  it('a weak password shows the rule and the strength library advice', () => {
    const error = new ApiError(422, 'weak_password', 'This password is too easy to guess.', { warning: 'This is similar to a commonly used password.', suggestions: ['Add more words that are less common.'] });
    expect(accountErrorText(error, t)).toBe('password.weak This is similar to a commonly used password. Add more words that are less common.');
  });

  it('a short password names the minimum length', () => {
    expect(accountErrorText(new ApiError(422, 'weak_password', 'short', { minLength: 12 }), t)).toBe('password.tooShort {"min":12}');
  });

  it('locks, wrong current passwords and bad avatar URLs get their own texts; anything else the generic one', () => {
    expect(accountErrorText(new ApiError(429, 'account_locked', 'x'), t)).toBe('password.locked');
    expect(accountErrorText(new ApiError(403, 'wrong_password', 'x'), t)).toBe('password.wrong');
    expect(accountErrorText(new ApiError(422, 'invalid_avatar_url', 'x'), t)).toBe('settings.avatarInvalid');
    expect(accountErrorText(new ApiError(409, 'agent_exists', 'Taken'), t)).toBe('errors.generic {"message":"Taken"}');
  });
});
