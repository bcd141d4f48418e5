// A Frontline node for the IMAP crash test (src/channels/email/imap.test.ts): boots from the environment
// with the job runner on, adds the mailbox given as JSON in IMAP_TEST_MAILBOX through the API
// (as the first admin), and polls it. With IMAP_TEST_HANG_AT=n, the n-th \Seen flag never goes
// out: the poller then sits between a committed message and its flag, where the test kills it.
import { ImapFlow } from 'imapflow';
import { boot } from '../src/boot.ts';
import { readConfig } from '../src/config.ts';

const hangAt = Number(process.env.IMAP_TEST_HANG_AT ?? 0);
if (hangAt > 0) {
  const flagsAdd = ImapFlow.prototype.messageFlagsAdd;
  let calls = 0;
  ImapFlow.prototype.messageFlagsAdd = function (this: ImapFlow, ...args: Parameters<ImapFlow['messageFlagsAdd']>) {
    if (++calls === hangAt) {
      process.stdout.write('hanging\n');
      return new Promise<boolean>(() => undefined);
    }
    return flagsAdd.apply(this, args);
  };
}

const config = readConfig(process.env);
const frontline = await boot(config);
if (process.env.IMAP_TEST_MAILBOX) {
  const login = await frontline.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: config.adminEmail, password: config.adminPassword } });
  const created = await frontline.app.inject({
    method: 'POST',
    url: '/api/v1/mailboxes',
    headers: { authorization: `Bearer ${login.json<{ token: string }>().token}` },
    payload: JSON.parse(process.env.IMAP_TEST_MAILBOX) as Record<string, unknown>,
  });
  if (created.statusCode !== 201) throw new Error(`the mailbox was not created: ${created.statusCode} ${created.body}`);
  process.stdout.write(`mailbox ${created.json<{ id: number }>().id}\n`);
}
process.stdout.write('started\n');
// Stay up until killed, also while no poll holds a connection open.
setInterval(() => undefined, 60_000);
