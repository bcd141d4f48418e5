// What an agent typed in the search box, read as the things it may be: a ticket number, a phone
// number, a piece of a name, email or organization, and words of the conversation.

export interface SearchTerms {
  /** The text as typed, trimmed: searched in subjects and messages. */
  text: string;
  /** `1019` or `#1019`: the ticket with that number comes first. */
  ticketNumber: number | null;
  /** Only digits of a phone-looking query (`+995 555 12-34-56` → `995555123456`), when it has enough of them. */
  phoneDigits: string | null;
  /**
   * A LIKE pattern matching the text anywhere (`%`, `_` and `\` escaped), for names, identities and
   * organizations; null when the text is too short for a trigram index to narrow it down.
   */
  contains: string | null;
}

/** Below this many characters, names and identities are not matched by substring: everything would match. */
export const MIN_CONTAINS_LENGTH = 3;
/** A phone query needs at least this many digits; four digits are a ticket number. */
export const MIN_PHONE_DIGITS = 5;
/** Ticket numbers are PostgreSQL bigints; a longer run of digits cannot be one. */
const MAX_NUMBER_DIGITS = 15;

export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function parseSearchTerms(typed: string): SearchTerms {
  const text = typed.trim().replace(/\s+/g, ' ');
  const number = /^#?\s*(\d{1,15})$/.exec(text);
  const ticketNumber = number && number[1]!.length <= MAX_NUMBER_DIGITS ? Number(number[1]) : null;
  const digits = text.replace(/\D/g, '');
  const phoneDigits = /^\+?[\d\s().-]+$/.test(text) && digits.length >= MIN_PHONE_DIGITS && !text.startsWith('#') ? digits : null;
  const contains = [...text].length >= MIN_CONTAINS_LENGTH ? `%${escapeLike(text.toLowerCase())}%` : null;
  return { text, ticketNumber, phoneDigits, contains };
}
