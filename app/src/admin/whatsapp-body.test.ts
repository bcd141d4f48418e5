import { describe, expect, it } from 'vitest';
import { numberBody } from './whatsapp-page';

const empty = { phoneNumberId: ' 1098 ', businessAccountId: ' 2290 ', accessToken: '', appSecret: ' ', templateName: '', templateLanguage: '', teamId: '' };

describe('the WhatsApp number form body', () => {
  it('sends the secrets only when typed, the phone number id only for a new number, and no template as nulls', () => {
    expect(numberBody(empty, false)).toEqual({ businessAccountId: '2290', templateName: null, templateLanguage: null, teamId: null });
    expect(numberBody({ ...empty, accessToken: ' EAAG ', appSecret: 'abc', templateName: 'follow_up', templateLanguage: 'en_US', teamId: '3' }, true)).toEqual({
      phoneNumberId: '1098',
      businessAccountId: '2290',
      accessToken: 'EAAG',
      appSecret: 'abc',
      templateName: 'follow_up',
      templateLanguage: 'en_US',
      teamId: 3,
    });
  });
});
