// The acknowledgement of receipt a new email ticket gets: the built-in text in every interface
// language, and the placeholders a mailbox's own text may use. Shared, so the admin screen shows
// exactly the text that goes out when a mailbox has none of its own.
import type { Locale } from './index.ts';

export const acknowledgementPlaceholders = ['number', 'subject', 'mailbox'] as const;
export type AcknowledgementPlaceholder = (typeof acknowledgementPlaceholders)[number];

export const defaultAcknowledgements: Record<Locale, string> = {
  en: 'Hello,\n\nthank you for writing to us. Your request has been received and given the number #{{number}}. A member of our team will answer you as soon as possible.\n\nTo add anything, simply reply to this email and keep the number in the subject.\n\n{{mailbox}}',
  ru: 'Здравствуйте!\n\nСпасибо, что написали нам. Ваше обращение получено, его номер #{{number}}. Наш специалист ответит вам в ближайшее время.\n\nЧтобы что-то добавить, просто ответьте на это письмо, сохранив номер в теме.\n\n{{mailbox}}',
  ka: 'გამარჯობა!\n\nგმადლობთ, რომ მოგვწერეთ. თქვენი მიმართვა მიღებულია და მიენიჭა ნომერი #{{number}}. ჩვენი გუნდის წევრი რაც შეიძლება მალე გიპასუხებთ.\n\nრაიმეს დასამატებლად უბრალოდ უპასუხეთ ამ წერილს და თემაში ნომერი შეინარჩუნეთ.\n\n{{mailbox}}',
};

const placeholder = /\{\{\s*([^{}\s]*)\s*\}\}/g;

/** Placeholders in the text that are not known ones, for a clear error before the text is saved. */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(acknowledgementPlaceholders);
  return [...new Set([...template.matchAll(placeholder)].map((match) => match[1]!).filter((name) => !known.has(name)))];
}

export function fillAcknowledgement(template: string, values: Record<AcknowledgementPlaceholder, string>): string {
  return template.replace(placeholder, (whole, name: string) => (name in values ? values[name as AcknowledgementPlaceholder] : whole));
}
