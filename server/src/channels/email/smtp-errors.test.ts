import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { classifySmtpError, isPermanentReply } from './smtp-errors.ts';

/** Shaped as nodemailer builds its errors: code, the relay's reply and its code, the reply in the message. */
const smtpError = (message: string, fields: { code?: string; response?: string; responseCode?: number; command?: string }) =>
  Object.assign(new Error(fields.response ? `${message}: ${fields.response}` : message), fields);

describe('telling permanent SMTP failures from temporary ones', () => {
  test('a 5xx reply is permanent and a 4xx reply temporary, whatever the command', () => {
    assert.equal(isPermanentReply(550), true);
    assert.equal(isPermanentReply(552), true);
    assert.equal(isPermanentReply(554), true);
    assert.equal(isPermanentReply(450), false);
    assert.equal(isPermanentReply(451), false);
    assert.equal(isPermanentReply(421), false);
  });

  test('503 (bad sequence of commands) is temporary: a fresh connection can succeed', () => {
    assert.equal(isPermanentReply(503), false);
    assert.equal(classifySmtpError(smtpError('Data command failed', { code: 'EENVELOPE', response: '503 5.5.1 RCPT first', responseCode: 503 })).permanent, false);
  });

  test('a recipient refused with 550 is permanent, with 450 temporary; the reason is the relay’s answer', () => {
    const refused = classifySmtpError(smtpError('Recipient command failed', { code: 'EENVELOPE', response: '550 5.1.1 <a@x.test>: User unknown', responseCode: 550, command: 'RCPT TO' }));
    assert.deepEqual(refused, { permanent: true, reason: 'Recipient command failed: 550 5.1.1 <a@x.test>: User unknown' });
    assert.equal(classifySmtpError(smtpError('Recipient command failed', { code: 'EENVELOPE', response: '450 4.2.0 mailbox busy', responseCode: 450 })).permanent, false);
  });

  test('a refused login is permanent, unless the relay says it is a temporary failure (454)', () => {
    assert.deepEqual(classifySmtpError(smtpError('Invalid login', { code: 'EAUTH', response: '535 5.7.8 Authentication credentials invalid', responseCode: 535 })), {
      permanent: true,
      reason: 'Invalid login: 535 5.7.8 Authentication credentials invalid',
    });
    assert.equal(classifySmtpError(smtpError('Missing credentials for "PLAIN"', { code: 'EAUTH' })).permanent, true, 'no reply, still a refused login');
    assert.equal(classifySmtpError(smtpError('Invalid login', { code: 'EAUTH', response: '454 4.7.0 Temporary authentication failure', responseCode: 454 })).permanent, false);
  });

  test('a refused sender and a message too large are permanent', () => {
    assert.equal(classifySmtpError(smtpError('Mail command failed', { code: 'EENVELOPE', response: '553 5.7.1 Sender address rejected', responseCode: 553, command: 'MAIL FROM' })).permanent, true);
    assert.equal(classifySmtpError(smtpError('Message failed', { code: 'EMESSAGE', response: '552 5.3.4 Message size exceeds fixed limit', responseCode: 552, command: 'DATA' })).permanent, true);
    assert.equal(classifySmtpError(smtpError('Message size larger than allowed 10240', { code: 'EMESSAGE', command: 'MAIL FROM' })).permanent, true, 'over the SIZE the relay announced, no reply needed');
  });

  test('connection refused, reset, timeouts, DNS and TLS trouble are temporary', () => {
    for (const code of ['ESOCKET', 'ECONNECTION', 'ETIMEDOUT', 'EDNS', 'ETLS', 'EPROTOCOL']) {
      assert.equal(classifySmtpError(smtpError(`${code} happened`, { code })).permanent, false, code);
    }
    assert.equal(classifySmtpError(smtpError('Greeting never received', { code: 'ETIMEDOUT' })).permanent, false);
    assert.equal(classifySmtpError(smtpError('Server terminates connection', { code: 'ECONNECTION', response: '421 4.3.2 Service shutting down', responseCode: 421 })).permanent, false);
  });

  test('an error that is not from SMTP at all is temporary, as retrying was before', () => {
    assert.deepEqual(classifySmtpError(new Error('socket hang up')), { permanent: false, reason: 'socket hang up' });
    assert.deepEqual(classifySmtpError('weird'), { permanent: false, reason: 'weird' });
    assert.equal(classifySmtpError(null).permanent, false);
  });

  test('the reply code is read from the response when nodemailer did not set it', () => {
    assert.equal(classifySmtpError({ message: 'x', response: '550 no' }).permanent, true);
    assert.equal(classifySmtpError({ message: 'x', response: '451 later' }).permanent, false);
  });

  test('a reason is one line and capped', () => {
    const long = classifySmtpError(smtpError('Message failed', { code: 'EMESSAGE', response: `550-first line\r\n550 ${'x'.repeat(2000)}`, responseCode: 550 }));
    assert.doesNotMatch(long.reason, /[\r\n]/);
    assert.ok(long.reason.length <= 501);
  });
});
