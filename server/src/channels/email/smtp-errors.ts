// Tells a relay's permanent refusals from temporary ones. Permanent: retrying the same message gets
// the same answer until a person changes something (a 5xx reply, a refused login, a malformed
// address, a message over the relay's size); temporary: the relay or the network may answer
// differently later (a 4xx reply, a dropped or refused connection, a timeout, DNS).

export interface SmtpFailure {
  permanent: boolean;
  /** What to show a person: the relay's own answer where there is one. */
  reason: string;
}

/** The parts of a nodemailer error this reads (nodemailer sets them on its errors; a plain Error has none). */
interface SmtpErrorLike {
  message?: unknown;
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
}

const MAX_REASON = 500;

/** Errors that carry no SMTP reply but cannot pass on a retry: settings or the message itself must change. */
const permanentCodes = new Set([
  'EAUTH', // the relay refused the login (a 4xx answer to AUTH is temporary, below)
  'ENOAUTH', // the mailbox has no credentials the relay needs
  'EOAUTH2',
  'EENVELOPE', // without a reply: an address nodemailer cannot send to
  'EMESSAGE', // without a reply: larger than the SIZE the relay announced
  'EMAXRECIPIENTS',
  'EREQUIRETLS',
  'ECONFIG',
  'EFILEACCESS',
  'EURLACCESS',
]);

/**
 * A reply code's verdict. RFC 5321: 5yz is a permanent refusal, 4yz a transient one. 503 (bad
 * sequence of commands) says the session was in the wrong state, not that the message was refused,
 * so a fresh connection can succeed: temporary. A code outside 400–599 is not a refusal: temporary.
 */
export function isPermanentReply(code: number): boolean {
  return code >= 500 && code < 600 && code !== 503;
}

/**
 * Whether the relay itself failed rather than this message: the connection, the greeting, TLS,
 * the login or the sender (MAIL FROM) — every message through this relay would fail alike.
 * Refusals of a recipient or of the message's content (RCPT, DATA, its size) are the message's.
 */
export function isRelayFailure(error: unknown): boolean {
  const fields = typeof error === 'object' && error !== null ? (error as SmtpErrorLike & { command?: unknown }) : {};
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  const command = typeof fields.command === 'string' ? fields.command : undefined;
  if (command === 'RCPT TO' || command === 'DATA') return false;
  if (code !== undefined && messageCodes.has(code) && command !== 'MAIL FROM') return false;
  if (code === 'EMESSAGE') return false; // larger than the SIZE the relay announced, found at MAIL FROM
  return true;
}

/** Codes about the message or its addresses, not the relay. */
const messageCodes = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS', 'ESTREAM', 'EFILEACCESS', 'EURLACCESS']);

/** Classifies an error from sending (or one recipient's refusal from `rejectedErrors`). */
export function classifySmtpError(error: unknown): SmtpFailure {
  const fields: SmtpErrorLike = typeof error === 'object' && error !== null ? (error as SmtpErrorLike) : {};
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  const replyCode = typeof fields.responseCode === 'number' ? fields.responseCode : replyCodeOf(fields.response);
  const reason = cap(reasonOf(error, fields));
  if (replyCode !== undefined) return { permanent: isPermanentReply(replyCode), reason };
  // The name server says the relay's host does not exist (not that it could not be asked): a typo in the settings.
  if (code === 'EDNS' && (error as { originalCode?: unknown }).originalCode === 'ENOTFOUND') return { permanent: true, reason };
  return { permanent: code !== undefined && permanentCodes.has(code), reason };
}

function replyCodeOf(response: unknown): number | undefined {
  const match = typeof response === 'string' ? /^([2-5]\d\d)\b/.exec(response) : null;
  return match ? Number(match[1]) : undefined;
}

/** nodemailer's message ends with the relay's answer ("Invalid login: 535 5.7.8 …"); keep it whole on one line. */
function reasonOf(error: unknown, fields: SmtpErrorLike): string {
  const message = typeof fields.message === 'string' && fields.message ? fields.message : typeof fields.response === 'string' ? fields.response : String(error);
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

const cap = (text: string) => (text.length > MAX_REASON ? `${text.slice(0, MAX_REASON)}…` : text);
