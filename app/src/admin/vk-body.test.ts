import { describe, expect, it } from 'vitest';
import { communityBody } from './vk-page';

describe('the VK community form body', () => {
  const form = { groupId: ' club123456 ', token: '', confirmation: ' a1b2c3 ', secretKey: '', teamId: '' };
  it('sends the group id only for a new community, read from club123456 as well as the digits', () => {
    expect(communityBody({ ...form, token: ' vk1.a.T ' }, true)).toEqual({ groupId: 123456, confirmation: 'a1b2c3', teamId: null, token: 'vk1.a.T' });
    expect(communityBody({ ...form, teamId: '4' }, false)).toEqual({ confirmation: 'a1b2c3', teamId: 4 });
  });
  it('sends the token and the secret key only when typed, so an edit keeps the stored ones', () => {
    expect(communityBody({ ...form, secretKey: ' Mine123456 ' }, false)).toEqual({ confirmation: 'a1b2c3', teamId: null, secretKey: 'Mine123456' });
  });
});
