// Customer-facing texts of the email channel, in every interface language. The acknowledgement of
// receipt goes out in the ticket's language (guessed from what the customer wrote), else English,
// in the mailbox's own words when it has them for that language.
import { defaultAcknowledgements, fillAcknowledgement, locales, type Locale } from '@frontline/shared';

export interface AcknowledgementInput {
  number: number;
  subject: string;
  mailboxName: string;
  /** The mailbox's own texts by locale; a locale without one gets the built-in text. */
  texts?: Partial<Record<Locale, string>>;
}

export function acknowledgement(language: string | null, input: AcknowledgementInput): { text: string } {
  const locale: Locale = language && (locales as readonly string[]).includes(language) ? (language as Locale) : 'en';
  const template = input.texts?.[locale] ?? defaultAcknowledgements[locale];
  return { text: fillAcknowledgement(template, { number: String(input.number), subject: input.subject, mailbox: input.mailboxName }) };
}

/** "Re: " once, and the ticket tag once, so every reply threads by subject tag as well as by headers. */
export function replySubject(subject: string, number: number): string {
  const tag = `[#${number}]`;
  const base = subject.replace(/\s*\[#\d+\]\s*/g, ' ').trim() || `#${number}`;
  const re = /^(re|ответ|отв|на)\s*:/i.test(base) ? base : `Re: ${base}`;
  return `${re} ${tag}`;
}
