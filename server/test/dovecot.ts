// A private Dovecot IMAP server for tests: its own temp directory, configuration, port and
// users, started as a child process (`dovecot -F -c <conf>`), never touching the system's
// configuration or service. Mail is kept as maildir in the temp directory. Under root the mail
// processes run as "nobody" (Dovecot refuses mail access as UID 0) and the helper processes as
// Dovecot's own users; otherwise everything runs as the current user.
// `.ci/run` installs the `dovecot-imapd` package; without it the IMAP tests are skipped.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from './entry-point.ts';

export interface DovecotUser {
  user: string;
  password: string;
}

export interface FolderMessage {
  uid: number;
  flags: string[];
  messageId: string | undefined;
}

export interface Dovecot {
  host: string;
  port: number;
  dir: string;
  /** A connected imapflow client for a user (the caller logs it out). */
  client(user?: DovecotUser): Promise<ImapFlow>;
  /** Appends raw messages to a folder (created when missing); returns their UIDs. */
  append(folder: string, raws: Array<string | Buffer>, user?: DovecotUser, flags?: string[]): Promise<number[]>;
  /** The messages of a folder with their flags, by UID; empty when the folder does not exist. */
  list(folder: string, user?: DovecotUser): Promise<FolderMessage[]>;
  /** The last lines of Dovecot's log, for assertion messages. */
  log(): string;
  stop(): Promise<void>;
}

export const DOVECOT_USER: DovecotUser = { user: 'support', password: 'imap-secret-pw' };

/** Why the Dovecot tests cannot run here, or undefined when they can. */
export function dovecotMissing(): string | undefined {
  if (dovecotBinary()) return undefined;
  return 'dovecot is not installed, so the IMAP tests are skipped (.ci/run installs it: apt-get install -y dovecot-imapd)';
}

function dovecotBinary(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v dovecot'], { encoding: 'utf8' }).stdout?.trim();
  return found || ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((file) => fs.existsSync(file));
}


export async function startDovecot(users: DovecotUser[] = [DOVECOT_USER]): Promise<Dovecot> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontline-dovecot-'));
  // Dovecot's login and auth processes run as other users under root and need to reach the sockets.
  fs.chmodSync(dir, 0o755);
  const root = process.getuid?.() === 0;
  const me = os.userInfo();
  const mailUid = root ? 65534 : me.uid;
  const mailGid = root ? 65534 : me.gid;
  const mailDir = path.join(dir, 'mail');
  fs.mkdirSync(mailDir);
  fs.mkdirSync(path.join(dir, 'home'));
  if (root) {
    fs.chownSync(mailDir, mailUid, mailGid);
    fs.chownSync(path.join(dir, 'home'), mailUid, mailGid);
  }
  fs.writeFileSync(
    path.join(dir, 'users'),
    users.map((entry) => `${entry.user}:{PLAIN}${entry.password}:${mailUid}:${mailGid}::${path.join(dir, 'home')}::\n`).join(''),
    { mode: 0o644 },
  );
  const port = await freePort();
  const conf = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(
    conf,
    `# Written by server/test/dovecot.ts for one test run.
instance_name = frontline-test-${path.basename(dir)}
base_dir = ${path.join(dir, 'run')}
state_dir = ${path.join(dir, 'state')}
log_path = ${path.join(dir, 'dovecot.log')}
info_log_path = ${path.join(dir, 'dovecot.log')}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = ${root ? 'dovecot' : me.username}
default_login_user = ${root ? 'dovenull' : me.username}
first_valid_uid = 1
mail_location = maildir:${mailDir}/%u
mail_max_userip_connections = 100
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${path.join(dir, 'users')}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${path.join(dir, 'users')}
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
  # No login penalty after failed logins (tests log in with wrong passwords on purpose).
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`,
  );

  const binary = dovecotBinary();
  if (!binary) throw new Error(dovecotMissing());
  const child: ChildProcess = spawn(binary, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  // A test process that ends without stop() (a crash, a timeout) takes its Dovecot with it.
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  const readLog = () => {
    try {
      return fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8').split('\n').slice(-30).join('\n');
    } catch {
      return '';
    }
  };

  const connect = async (user: DovecotUser = users[0]!) => {
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: user.user, pass: user.password }, logger: false, disableAutoIdle: true });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  };

  const stop = async () => {
    process.off('exit', orphan);
    if (!exited) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exit;
      clearTimeout(killer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  // Ready when a user can log in (the auth process starts a moment after the port opens).
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (exited) {
      const text = `dovecot exited at start: ${output}\n${readLog()}`;
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(text);
    }
    try {
      const client = await connect();
      await client.logout();
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`dovecot did not accept a login on port ${port}: ${(error as Error).message}\n${output}\n${readLog()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  return {
    host: '127.0.0.1',
    port,
    dir,
    client: connect,
    async append(folder, raws, user, flags) {
      const client = await connect(user);
      try {
        if (folder.toUpperCase() !== 'INBOX') await client.mailboxCreate(folder);
        const uids: number[] = [];
        for (const raw of raws) {
          const appended = await client.append(folder, typeof raw === 'string' ? Buffer.from(raw) : raw, flags);
          if (!appended) throw new Error(`APPEND to ${folder} failed`);
          if (appended.uid) uids.push(appended.uid);
        }
        return uids;
      } finally {
        await client.logout().catch(() => client.close());
      }
    },
    async list(folder, user) {
      const client = await connect(user);
      try {
        const exists = (await client.list()).some((entry) => entry.path === folder);
        if (!exists) return [];
        await client.mailboxOpen(folder, { readOnly: true });
        const messages: FolderMessage[] = [];
        if (client.mailbox && client.mailbox.exists > 0) {
          for await (const message of client.fetch('1:*', { uid: true, flags: true, envelope: true })) {
            messages.push({ uid: message.uid, flags: [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort(), messageId: message.envelope?.messageId });
          }
        }
        return messages.sort((a, b) => a.uid - b.uid);
      } finally {
        await client.logout().catch(() => client.close());
      }
    },
    log: readLog,
    stop,
  };
}

/** A small RFC 822 message with the given Message-ID. */
export function rawMessage(input: { messageId: string; from?: string; to?: string; subject?: string; text?: string }): string {
  return [
    `From: ${input.from ?? 'Customer <customer@example.org>'}`,
    `To: ${input.to ?? 'support@acme.test'}`,
    `Subject: ${input.subject ?? 'Hello'}`,
    `Message-ID: <${input.messageId}>`,
    'Date: Tue, 03 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    input.text ?? `Body of ${input.messageId}.`,
    '',
  ].join('\r\n');
}
