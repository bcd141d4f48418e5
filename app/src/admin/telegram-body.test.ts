import { describe, expect, it } from 'vitest';
import { botBody } from './telegram-page';

describe('the Telegram bot form body', () => {
  it('sends the token only when one was typed, so an edit keeps the stored token', () => {
    expect(botBody({ token: '  ', mode: 'polling', teamId: '' })).toEqual({ mode: 'polling', teamId: null });
    expect(botBody({ token: ' 123:AAH ', mode: 'webhook', teamId: '4' })).toEqual({ mode: 'webhook', teamId: 4, token: '123:AAH' });
  });
});
