// Every environment variable Frontline reads, typed and documented, read once at start.
// The README's configuration table mirrors this file.
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Config {
  /** HTTP port (PORT, default 3000). */
  port: number;
  /** Interface to bind (HOST, default 0.0.0.0). */
  host: string;
  /**
   * Where the embedded database and file blobs live (DATA_DIR, default ./data). A relative path is
   * taken from where the command was typed (npm's INIT_CWD), so `npm start` and
   * `npm run frontline` at the repository root both use the root's ./data although npm runs
   * workspace scripts inside server/.
   */
  dataDir: string;
  /** PostgreSQL connection string; when set, PostgreSQL is used instead of the embedded database. */
  databaseUrl: string | undefined;
  /** Name (prepare once per connection) PostgreSQL statements that look rows up or write them (DATABASE_PREPARED_STATEMENTS, default on; off behind a pooler in transaction mode). */
  preparedStatements: boolean;
  /** First admin, created at start when no agent exists. */
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** The first admin's real name (also the alias customers see); derived from the email when unset. */
  adminName: string | undefined;
  /** pino log level (LOG_LEVEL, default info). */
  logLevel: string;
  /** The largest JSON body accepted, in bytes (MAX_BODY_BYTES, default 1 MiB). */
  maxBodyBytes: number;
  /** The largest attachment accepted, in bytes (MAX_ATTACHMENT_BYTES, default 25 MiB). */
  maxAttachmentBytes: number;
  /** Store attachment blobs in this directory instead of the database (BLOB_DIR). */
  blobDir: string | undefined;
  /** Run the durable job runner in this process (JOBS, default on). */
  jobsEnabled: boolean;
  /** Jobs this node runs at once (JOBS_CONCURRENCY, default 4): parsing mail and delivering replies wait on the database and the network. */
  jobsConcurrency: number;
  /** Of those, how many process inbound items at once (INBOX_CONCURRENCY, default 2): CPU-bound, so about the cores; the other slots stay free for replies and IMAP polls in a storm. */
  inboxConcurrency: number;
  /** Of those, how many process items of live conversations (chat, Telegram, WhatsApp, VK) at once (INBOX_CONVERSATION_CONCURRENCY, default 2): round trips, not CPU. */
  inboxConversationConcurrency: number;
  /** How long one inbound item (or batch) may take to process before it is given up as failed (INBOX_PROCESS_TIMEOUT_SECONDS, default 120). */
  inboxProcessTimeoutMs: number;
  /** How long a claimed job is leased before another node may take it over, renewed while it runs (JOBS_LEASE_SECONDS, default 300). */
  jobsLeaseMs: number;
  /** Of the job slots, how many deliver replies at once (OUTBOUND_CONCURRENCY, default 1): a dead relay then never holds the slots inbound mail needs. */
  outboundConcurrency: number;
  /** How long a reply waits for a relay that is not answering before it fails (RELAY_RETRY_MINUTES, default 60). */
  relayRetryMs: number;
  /**
   * Register the "test" channel adapter, which reads JSON items and records deliveries in memory, for
   * trying the inbound and outbound pipelines without a provider (TEST_CHANNEL, default on only when NODE_ENV=test).
   */
  testChannel: boolean;
  /** Lifetime of a sign-in session in hours (SESSION_TTL_HOURS, default 336 = 14 days). */
  sessionTtlHours: number;
  /** Origins allowed to make cookie-authenticated changes besides the server's own (ALLOWED_ORIGINS, comma-separated). */
  allowedOrigins: string[];
  /**
   * Always set the Secure flag on cookies (COOKIE_SECURE, default off). Without it the flag is set
   * whenever the request came over HTTPS, directly or as told by a trusted proxy (TRUST_PROXY).
   */
  cookieSecure: boolean;
  /**
   * Proxies whose X-Forwarded-For, -Proto and -Host are believed (TRUST_PROXY, comma-separated
   * addresses or CIDRs such as 10.0.0.0/8, or loopback; default none). The client address the
   * sign-in limit counts, and whether a request is HTTPS, come from these headers only when the
   * connection is from one of them.
   */
  trustProxy: string[];
  /** Strict-Transport-Security max-age in seconds sent on HTTPS responses (HSTS_MAX_AGE, default 15552000 = 180 days; 0 = off). */
  hstsMaxAge: number;
  /**
   * Requests per minute per client address for sign-in and for the own password change
   * (LOGIN_RATE_LIMIT, default 20); the address is the connection's, or the one a TRUST_PROXY proxy forwards.
   */
  loginRateLimit: number;
  /** Contact form submissions per hour per client address (WEB_FORM_RATE_LIMIT, default 20). */
  webFormRateLimit: number;
  /** Portal sign-in link requests per hour per client address (PORTAL_RATE_LIMIT, default 10). */
  portalRateLimit: number;
  /** New chat visitors per hour per client address (CHAT_VISITOR_RATE_LIMIT, default 30). */
  chatVisitorRateLimit: number;
  /** Chat messages per minute per visitor (CHAT_MESSAGE_RATE_LIMIT, default 30) and per client address (CHAT_IP_RATE_LIMIT, default 300). */
  chatMessageRateLimit: number;
  chatIpRateLimit: number;
  /** An agent's chat answer the visitor has not read after this many seconds goes by email, when they gave an address (CHAT_EMAIL_AFTER_SECONDS, default 120). */
  chatEmailAfterSeconds: number;
  /** Call events per minute per client address on the phone webhook (PHONE_WEBHOOK_RATE_LIMIT, default 1200). */
  phoneWebhookRateLimit: number;
  /**
   * The argon2id cost of a new password hash (PASSWORD_HASH_MEMORY_KIB, default 65536 = 64 MiB;
   * PASSWORD_HASH_PASSES, default 3). A stored hash keeps the cost it was made with. Lower them only
   * on a machine that cannot spare the memory (not below 19456 KiB with 2 passes, OWASP's floor), or
   * for tests.
   */
  passwordHash: { memoryKib: number; passes: number };
  /**
   * Key that encrypts mailbox passwords at rest (FRONTLINE_SECRET_KEY: 32 bytes as 64 hex digits or
   * base64). Without it, the embedded database keeps a generated key in DATA_DIR/secret.key; with
   * PostgreSQL it must be set before a mailbox password is saved.
   */
  secretKey: string | undefined;
  /** Port of the built-in SMTP receiver (SMTP_PORT, default 2525; 0 switches it off). */
  smtpPort: number;
  /** Interface the SMTP receiver binds (SMTP_HOST, default 0.0.0.0). */
  smtpHost: string;
  /** The largest email taken in full, in bytes (SMTP_MAX_BYTES, default 35 MiB): SMTP refuses larger, IMAP keeps its headers only. */
  smtpMaxBytes: number;
  /** PEM files of the SMTP receiver's TLS key and certificate (SMTP_TLS_KEY, SMTP_TLS_CERT); with both, it offers STARTTLS. */
  smtpTlsKey: string | undefined;
  smtpTlsCert: string | undefined;
  /** Name the SMTP receiver greets with and puts in Message-IDs it makes up (MAIL_HOSTNAME, default the host name). */
  mailHostname: string;
  /** Emails one sender may send within EMAIL_SENDER_WINDOW_MINUTES before more are held (EMAIL_SENDER_LIMIT, default 30; 0 = no limit). */
  emailSenderLimit: number;
  /** The window of the per-sender limit, in minutes (EMAIL_SENDER_WINDOW_MINUTES, default 10). */
  emailSenderWindowMinutes: number;
  /** Poll IMAP mailboxes (IMAP, default on); how long one poll may wait in IDLE (IMAP_IDLE_SECONDS, default 300). */
  imapEnabled: boolean;
  imapIdleSeconds: number;
  /** Seconds between polls of an IMAP server without IDLE, and after a failure (IMAP_POLL_SECONDS, default 60). */
  imapPollSeconds: number;
  /**
   * The address the world reaches this Frontline at, e.g. https://help.example.com (PUBLIC_URL, no
   * default): providers that call back (a Telegram bot in webhook mode) are given URLs under it, and
   * links in mail (the portal's sign-in link) are built from it, never from a request's Host header.
   */
  publicUrl: string | undefined;
  /** The Telegram Bot API (TELEGRAM_API_URL, default https://api.telegram.org); a self-hosted Bot API server or a test stand-in. */
  telegramApiUrl: string;
  /** How long one getUpdates of a bot in polling mode waits for updates (TELEGRAM_POLL_TIMEOUT_SECONDS, default 25; 0 = short polls). */
  telegramPollTimeoutSeconds: number;
  /** The WhatsApp Cloud API's Graph base (WHATSAPP_API_URL, default https://graph.facebook.com/v21.0); a test stand-in. */
  whatsappApiUrl: string;
  /** The VK API's method base (VK_API_URL, default https://api.vk.com/method); a test stand-in. */
  vkApiUrl: string;
}

type Env = Record<string, string | undefined>;

export function readConfig(env: Env = process.env): Config {
  const base = env.INIT_CWD || process.cwd();
  return {
    port: readInt(env, 'PORT', 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(base, env.DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    preparedStatements: readBool(env, 'DATABASE_PREPARED_STATEMENTS', true),
    adminEmail: env.FRONTLINE_ADMIN_EMAIL || undefined,
    adminPassword: env.FRONTLINE_ADMIN_PASSWORD || undefined,
    adminName: env.FRONTLINE_ADMIN_NAME?.trim() || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    maxBodyBytes: readInt(env, 'MAX_BODY_BYTES', 1024 * 1024),
    maxAttachmentBytes: readInt(env, 'MAX_ATTACHMENT_BYTES', 25 * 1024 * 1024),
    blobDir: env.BLOB_DIR ? path.resolve(base, env.BLOB_DIR) : undefined,
    jobsEnabled: readBool(env, 'JOBS', true),
    jobsConcurrency: Math.max(1, readInt(env, 'JOBS_CONCURRENCY', 4)),
    inboxConcurrency: Math.max(1, readInt(env, 'INBOX_CONCURRENCY', 2)),
    inboxConversationConcurrency: Math.max(1, readInt(env, 'INBOX_CONVERSATION_CONCURRENCY', 2)),
    inboxProcessTimeoutMs: Math.max(1, readInt(env, 'INBOX_PROCESS_TIMEOUT_SECONDS', 120)) * 1000,
    jobsLeaseMs: Math.max(1, readInt(env, 'JOBS_LEASE_SECONDS', 300)) * 1000,
    outboundConcurrency: Math.max(1, readInt(env, 'OUTBOUND_CONCURRENCY', 1)),
    relayRetryMs: Math.max(1, readInt(env, 'RELAY_RETRY_MINUTES', 60)) * 60_000,
    testChannel: readBool(env, 'TEST_CHANNEL', (env.NODE_ENV ?? process.env.NODE_ENV) === 'test'),
    sessionTtlHours: readInt(env, 'SESSION_TTL_HOURS', 336),
    allowedOrigins: readList(env, 'ALLOWED_ORIGINS'),
    cookieSecure: readBool(env, 'COOKIE_SECURE', false),
    trustProxy: readProxies(env, 'TRUST_PROXY'),
    hstsMaxAge: readInt(env, 'HSTS_MAX_AGE', 15_552_000),
    loginRateLimit: readInt(env, 'LOGIN_RATE_LIMIT', 20),
    webFormRateLimit: readInt(env, 'WEB_FORM_RATE_LIMIT', 20),
    portalRateLimit: readInt(env, 'PORTAL_RATE_LIMIT', 10),
    chatVisitorRateLimit: Math.max(1, readInt(env, 'CHAT_VISITOR_RATE_LIMIT', 30)),
    chatMessageRateLimit: Math.max(1, readInt(env, 'CHAT_MESSAGE_RATE_LIMIT', 30)),
    chatIpRateLimit: Math.max(1, readInt(env, 'CHAT_IP_RATE_LIMIT', 300)),
    chatEmailAfterSeconds: Math.max(0, readInt(env, 'CHAT_EMAIL_AFTER_SECONDS', 120)),
    phoneWebhookRateLimit: Math.max(1, readInt(env, 'PHONE_WEBHOOK_RATE_LIMIT', 1200)),
    passwordHash: { memoryKib: Math.max(1024, readInt(env, 'PASSWORD_HASH_MEMORY_KIB', 65_536)), passes: Math.max(1, readInt(env, 'PASSWORD_HASH_PASSES', 3)) },
    secretKey: env.FRONTLINE_SECRET_KEY || undefined,
    smtpPort: readInt(env, 'SMTP_PORT', 2525),
    smtpHost: env.SMTP_HOST ?? '0.0.0.0',
    smtpMaxBytes: readInt(env, 'SMTP_MAX_BYTES', 35 * 1024 * 1024),
    smtpTlsKey: env.SMTP_TLS_KEY ? path.resolve(base, env.SMTP_TLS_KEY) : undefined,
    smtpTlsCert: env.SMTP_TLS_CERT ? path.resolve(base, env.SMTP_TLS_CERT) : undefined,
    mailHostname: env.MAIL_HOSTNAME || os.hostname(),
    emailSenderLimit: readInt(env, 'EMAIL_SENDER_LIMIT', 30),
    emailSenderWindowMinutes: readInt(env, 'EMAIL_SENDER_WINDOW_MINUTES', 10),
    imapEnabled: readBool(env, 'IMAP', true),
    imapIdleSeconds: readInt(env, 'IMAP_IDLE_SECONDS', 300),
    imapPollSeconds: readInt(env, 'IMAP_POLL_SECONDS', 60),
    publicUrl: readUrl(env, 'PUBLIC_URL'),
    telegramApiUrl: readUrl(env, 'TELEGRAM_API_URL') ?? 'https://api.telegram.org',
    telegramPollTimeoutSeconds: Math.min(50, readInt(env, 'TELEGRAM_POLL_TIMEOUT_SECONDS', 25)),
    whatsappApiUrl: (readUrl(env, 'WHATSAPP_API_URL') ?? 'https://graph.facebook.com/v21.0').replace(/\/+$/, ''),
    vkApiUrl: readUrl(env, 'VK_API_URL') ?? 'https://api.vk.com/method',
  };
}

/** An http(s) URL without a trailing slash, checked here so a typo names the variable. */
function readUrl(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} must be a URL such as https://help.example.com, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${name} must be an http or https URL, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

function readList(env: Env, name: string): string[] {
  return (env[name] ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}

/** Addresses, CIDRs (10.0.0.0/8, fd00::/8, or with a netmask) and proxy-addr's names; checked here so a typo names the variable. */
function readProxies(env: Env, name: string): string[] {
  const entries = readList(env, name);
  for (const entry of entries) {
    if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) continue;
    const [address = '', range, ...rest] = entry.split('/');
    const version = net.isIP(address);
    const rangeOk = range === undefined || (/^\d+$/.test(range) && Number(range) <= (version === 6 ? 128 : 32)) || (version === 4 && net.isIPv4(range));
    if (version === 0 || rest.length > 0 || !rangeOk) {
      throw new Error(`${name} must list proxy addresses or CIDRs (e.g. 127.0.0.1, 10.0.0.0/8, loopback), got "${entry}"`);
    }
  }
  return entries;
}

function readInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'on', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'off', 'no'].includes(raw)) return false;
  throw new Error(`${name} must be on or off, got "${env[name]}"`);
}
