// The features' boundaries, kept by a test (docs/architecture.md): a feature reads and changes
// another feature's data through that feature's verbs, never its store.ts, and the tickets feature
// knows nothing of the channels and pipelines around it (outbound, channels, inbox, mailboxes):
// they react to its events and call its verbs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { relativeImportsOf, sourceFiles } from '../test/source-imports.ts';

const srcDir = path.dirname(fileURLToPath(import.meta.url));
const ticketsDir = path.join(srcDir, 'tickets');
const beyondTickets = ['outbound', 'channels', 'inbox', 'mailboxes'].map((name) => path.join(srcDir, name));

/** The feature a file belongs to: the nearest folder above it with a feature.ts (channels/email is one); undefined outside any. */
function featureOf(file: string): string | undefined {
  for (let dir = path.dirname(file); dir.startsWith(srcDir + path.sep); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'feature.ts'))) return dir;
  }
  return undefined;
}

const within = (file: string, dir: string) => file.startsWith(dir + path.sep);

/** The imports of `file` that are another feature's store.ts. */
const foreignStores = (file: string, source: string) =>
  relativeImportsOf(file, source).filter((target) => path.basename(target) === 'store.ts' && featureOf(target) !== undefined && featureOf(target) !== featureOf(file));

/** The imports of a file of tickets/ that reach outbound/, channels/, inbox/ or mailboxes/. */
const reachesBeyondTickets = (file: string, source: string) => (within(file, ticketsDir) ? relativeImportsOf(file, source).filter((target) => beyondTickets.some((dir) => within(target, dir))) : []);

const sources = () =>
  sourceFiles(srcDir)
    .filter((file) => !file.endsWith('.test.ts'))
    .map((file) => ({ file, source: fs.readFileSync(file, 'utf8') }));

const report = (found: Array<{ file: string; targets: string[] }>) => found.filter((entry) => entry.targets.length).map((entry) => `${path.relative(srcDir, entry.file)} → ${entry.targets.map((target) => path.relative(srcDir, target)).join(', ')}`);

describe('feature boundaries', () => {
  test('the checks see a foreign store and a reach out of tickets, and let the rest through', () => {
    const inTickets = path.join(ticketsDir, 'verbs.ts');
    const inEmail = path.join(srcDir, 'channels', 'email', 'inbound.ts');
    assert.equal(featureOf(inEmail), path.join(srcDir, 'channels', 'email'));
    assert.equal(featureOf(path.join(srcDir, 'boot.ts')), undefined);
    assert.equal(foreignStores(inTickets, "import { findCustomers } from '../customers/store.ts';").length, 1);
    assert.equal(foreignStores(inTickets, "import type { MailboxRow } from '../mailboxes/store.ts';").length, 1, 'a type-only import counts too');
    assert.equal(foreignStores(inEmail, "export { lockTicket } from '../../tickets/store.ts';").length, 1);
    assert.equal(foreignStores(inTickets, "import { insertTickets } from './store.ts';").length, 0, 'its own store');
    assert.equal(foreignStores(inTickets, "import { findCustomers } from '../customers/verbs.ts';").length, 0);
    assert.equal(foreignStores(path.join(srcDir, 'jobs', 'verbs.ts'), "export { releaseWaiting } from './store.ts';").length, 0);
    assert.equal(reachesBeyondTickets(inTickets, "import { OUTBOUND_DELIVER_JOB } from '../outbound/deliver.ts';").length, 1);
    assert.equal(reachesBeyondTickets(path.join(ticketsDir, 'queries.ts'), "import type { ChannelRegistry } from '../channels/registry.ts';").length, 1);
    assert.equal(reachesBeyondTickets(inTickets, "import { recordAudit } from '../audit/verbs.ts';").length, 0);
    assert.equal(reachesBeyondTickets(inEmail, "import { markBouncedMessage } from '../../outbound/store.ts';").length, 0, 'only tickets/ is held to it');
  });

  test("no file imports another feature's store.ts", () => {
    const all = sources();
    assert.ok(all.length > 100, `walked ${all.length} files of server/src`);
    assert.deepEqual(report(all.map(({ file, source }) => ({ file, targets: foreignStores(file, source) }))), [], "use the feature's verbs.ts");
  });

  test('nothing in tickets/ imports outbound/, channels/, inbox/ or mailboxes/', () => {
    assert.deepEqual(report(sources().map(({ file, source }) => ({ file, targets: reachesBeyondTickets(file, source) }))), [], 'react to tickets\' events, or call its verbs, from the other side');
  });
});
