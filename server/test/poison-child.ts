// A Frontline node for the poison-item test (test/hostile/poison.test.ts): boots from the
// environment with the job runner on; a test-channel item whose subject is "poison" kills the
// process (SIGKILL) while it is being processed. With POISON_SEED=1 it first stores a poison item
// and an ordinary one. Prints "state <json>" with the items and /readyz every 200 ms.
import { boot } from '../src/boot.ts';
import { readConfig } from '../src/config.ts';
import { receiveMany } from '../src/inbox/receive.ts';
import { testChannel } from '../src/channels/test-channel/adapter.ts';

testChannel.beforeProcessing((input) => {
  if (input.subject === 'poison') process.kill(process.pid, 'SIGKILL');
});
const frontline = await boot(readConfig(process.env));
const { db } = frontline.ctx;
if (process.env.POISON_SEED === '1') {
  const item = (subject: string) => ({ channel: 'test', dedupeKey: subject, raw: Buffer.from(JSON.stringify({ from: { email: `${subject}@example.test` }, subject, body: `${subject} body` })) });
  await receiveMany(db, [item('poison'), item('ordinary')]);
}
setInterval(() => {
  void (async () => {
    const items = await db.selectFrom('inbound_items').select(['dedupe_key', 'status', 'error', 'unfinished_attempts', 'ticket_id']).orderBy('id').execute();
    const ready = (await frontline.app.inject({ method: 'GET', url: '/readyz' })).statusCode;
    process.stdout.write(`state ${JSON.stringify({ items, ready })}\n`);
  })();
}, 200);
