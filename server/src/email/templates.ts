// Customer-facing texts of the email channel, in every interface language. The acknowledgement of
// receipt goes out in the ticket's language (guessed from what the customer wrote), else English.
import type { Locale } from '@frontline/shared';

export interface AcknowledgementInput {
  number: number;
  mailboxName: string;
}

const acknowledgements: Record<Locale, (input: AcknowledgementInput) => { text: string }> = {
  en: ({ number, mailboxName }) => ({
    text: `Hello,\n\nthank you for writing to us. Your request has been received and given the number #${number}. A member of our team will answer you as soon as possible.\n\nTo add anything, simply reply to this email and keep the number in the subject.\n\n${mailboxName}`,
  }),
  ru: ({ number, mailboxName }) => ({
    text: `Здравствуйте!\n\nСпасибо, что написали нам. Ваше обращение получено, его номер #${number}. Наш специалист ответит вам в ближайшее время.\n\nЧтобы что-то добавить, просто ответьте на это письмо, сохранив номер в теме.\n\n${mailboxName}`,
  }),
  ka: ({ number, mailboxName }) => ({
    text: `გამარჯობა!\n\nგმადლობთ, რომ მოგვწერეთ. თქვენი მიმართვა მიღებულია და მიენიჭა ნომერი #${number}. ჩვენი გუნდის წევრი რაც შეიძლება მალე გიპასუხებთ.\n\nრაიმეს დასამატებლად უბრალოდ უპასუხეთ ამ წერილს და თემაში ნომერი შეინარჩუნეთ.\n\n${mailboxName}`,
  }),
};

const locales = new Set<string>(Object.keys(acknowledgements));

export function acknowledgement(language: string | null, input: AcknowledgementInput) {
  const locale = (language && locales.has(language) ? language : 'en') as Locale;
  return acknowledgements[locale](input);
}

/** "Re: " once, and the ticket tag once, so every reply threads by subject tag as well as by headers. */
export function replySubject(subject: string, number: number): string {
  const tag = `[#${number}]`;
  const base = subject.replace(/\s*\[#\d+\]\s*/g, ' ').trim() || `#${number}`;
  const re = /^(re|ответ|отв|на)\s*:/i.test(base) ? base : `Re: ${base}`;
  return `${re} ${tag}`;
}
