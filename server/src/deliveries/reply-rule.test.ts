import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { replyRoute, type ReplyMailbox } from './reply-rule.ts';

const relayed: ReplyMailbox = { id: 1, address: 'help@acme.test', name: 'Acme Help', hasRelay: true };

describe('where a reply goes', () => {
  test('on a channel whose adapter delivers, on that channel', () => {
    assert.deepEqual(replyRoute({ channel: 'test', channelDelivers: true, emails: ['a@x.test'], mailbox: relayed }), {
      target: { channel: 'test', address: null, byEmail: false, mailbox: null },
      issue: null,
    });
  });

  test('on a phone, web form or API ticket, by email to the first address, from the mailbox', () => {
    for (const channel of ['phone', 'web', 'api', 'telegram']) {
      const route = replyRoute({ channel, channelDelivers: false, emails: ['first@x.test', 'second@x.test'], mailbox: relayed });
      assert.deepEqual(route, { target: { channel: 'email', address: 'first@x.test', byEmail: true, mailbox: relayed }, issue: null }, channel);
    }
  });

  test('an email ticket goes by email, not "instead"', () => {
    assert.equal(replyRoute({ channel: 'email', channelDelivers: true, emails: ['a@x.test'], mailbox: relayed }).target?.byEmail, false);
  });

  test('nothing reaches a customer without an email address when the channel cannot send', () => {
    const route = replyRoute({ channel: 'phone', channelDelivers: false, emails: [], mailbox: relayed });
    assert.equal(route.target, null);
    assert.equal(route.issue?.code, 'no_address');
    assert.match(route.issue!.message, /phone.*no email address/);
  });

  test('without a mailbox or its relay the target stands, with what must be set up first', () => {
    const noMailbox = replyRoute({ channel: 'api', channelDelivers: false, emails: ['a@x.test'], mailbox: undefined });
    assert.equal(noMailbox.target?.address, 'a@x.test');
    assert.equal(noMailbox.issue?.code, 'no_mailbox');
    const noRelay = replyRoute({ channel: 'email', channelDelivers: true, emails: ['a@x.test'], mailbox: { ...relayed, hasRelay: false } });
    assert.equal(noRelay.issue?.code, 'no_relay');
    assert.match(noRelay.issue!.message, /until the mailbox help@acme\.test has an outgoing SMTP relay/);
  });
});
