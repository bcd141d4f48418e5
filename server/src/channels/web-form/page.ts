// The hosted page of a contact form: plain HTML that works without JavaScript, in the reader's
// language (English, Russian, Georgian), with the form's own heading and introduction when it has
// them. It carries a hidden field people never see (a robot fills it in) and a submission id, so a
// page sent twice (a double click, a reload) makes one ticket.
import { randomUUID } from 'node:crypto';
import { locales, type Locale } from '@frontline/shared';
import { escapeHtml } from '../../content/html.ts';
import type { WebFormRow } from './store.ts';
import { submissionLimits, type SubmissionField, type SubmissionProblem } from './verbs.ts';

interface PageTexts {
  title: string;
  intro: string;
  name: string;
  email: string;
  subject: string;
  message: string;
  optional: string;
  send: string;
  honeypot: string;
  sentTitle: string;
  sent: (email: string) => string;
  another: string;
  fix: string;
  problems: Record<SubmissionProblem['code'], (field: string) => string>;
  tooMany: string;
  notFound: string;
  wrongSite: string;
}

export const pageTexts: Record<Locale, PageTexts> = {
  en: {
    title: 'Contact us',
    intro: 'Write to us and we will answer by email.',
    name: 'Your name',
    email: 'Email',
    subject: 'Subject',
    message: 'Message',
    optional: 'optional',
    send: 'Send',
    honeypot: 'Leave this field empty',
    sentTitle: 'Thank you',
    sent: (email) => `We have your message and will answer to ${email}.`,
    another: 'Write another message',
    fix: 'Please check the form:',
    problems: {
      required: (field) => `${field}: please fill this in.`,
      too_long: (field) => `${field}: this is too long.`,
      invalid_email: (field) => `${field}: this does not look like an email address.`,
    },
    tooMany: 'Too many messages were sent from here just now. Please wait a minute and try again.',
    notFound: 'This form does not exist or is switched off.',
    wrongSite: 'This form cannot be sent from this site.',
  },
  ru: {
    title: 'Напишите нам',
    intro: 'Напишите нам, и мы ответим по электронной почте.',
    name: 'Ваше имя',
    email: 'Электронная почта',
    subject: 'Тема',
    message: 'Сообщение',
    optional: 'необязательно',
    send: 'Отправить',
    honeypot: 'Оставьте это поле пустым',
    sentTitle: 'Спасибо',
    sent: (email) => `Мы получили ваше сообщение и ответим на ${email}.`,
    another: 'Написать ещё одно сообщение',
    fix: 'Проверьте, пожалуйста, форму:',
    problems: {
      required: (field) => `${field}: заполните, пожалуйста.`,
      too_long: (field) => `${field}: слишком длинно.`,
      invalid_email: (field) => `${field}: это не похоже на адрес электронной почты.`,
    },
    tooMany: 'Отсюда только что отправили слишком много сообщений. Подождите минуту и попробуйте снова.',
    notFound: 'Такой формы нет, или она выключена.',
    wrongSite: 'Эту форму нельзя отправить с этого сайта.',
  },
  ka: {
    title: 'მოგვწერეთ',
    intro: 'მოგვწერეთ და ელფოსტით გიპასუხებთ.',
    name: 'თქვენი სახელი',
    email: 'ელფოსტა',
    subject: 'თემა',
    message: 'შეტყობინება',
    optional: 'არასავალდებულო',
    send: 'გაგზავნა',
    honeypot: 'დატოვეთ ეს ველი ცარიელი',
    sentTitle: 'გმადლობთ',
    sent: (email) => `თქვენი შეტყობინება მივიღეთ და ვუპასუხებთ მისამართზე ${email}.`,
    another: 'კიდევ ერთი შეტყობინების დაწერა',
    fix: 'გთხოვთ, შეამოწმოთ ფორმა:',
    problems: {
      required: (field) => `${field}: გთხოვთ, შეავსოთ.`,
      too_long: (field) => `${field}: ზედმეტად გრძელია.`,
      invalid_email: (field) => `${field}: ეს ელფოსტის მისამართს არ ჰგავს.`,
    },
    tooMany: 'აქედან ახლახან ზედმეტად ბევრი შეტყობინება გაიგზავნა. დაელოდეთ ერთ წუთს და სცადეთ თავიდან.',
    notFound: 'ასეთი ფორმა არ არსებობს ან გამორთულია.',
    wrongSite: 'ამ ფორმის ამ საიტიდან გაგზავნა შეუძლებელია.',
  },
};

/** The reader's language: `?lang=` first, then the browser's Accept-Language, else English. */
export function pageLocale(query: unknown, acceptLanguage: string | undefined): Locale {
  const asked = typeof query === 'string' ? query.toLowerCase() : '';
  if ((locales as readonly string[]).includes(asked)) return asked as Locale;
  const ranked = (acceptLanguage ?? '')
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find(Boolean);
      return { base: tag.toLowerCase().split('-')[0]!, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (ranked.find((entry) => (locales as readonly string[]).includes(entry.base))?.base as Locale | undefined) ?? 'en';
}

/** The page's security headers: no script at all; framed only by the form's allowed sites. */
export function pageHeaders(form: Pick<WebFormRow, 'allowed_origins'> | undefined): Record<string, string> {
  const ancestors = form?.allowed_origins.length ? `'self' ${form.allowed_origins.join(' ')}` : "'self'";
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors ${ancestors}`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
  };
}

const style = `
  :root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 0; padding: 1.5rem; line-height: 1.5; }
  main { max-width: 36rem; margin: 0 auto; }
  h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
  label { display: block; margin-top: 1rem; font-weight: 600; }
  label small { font-weight: 400; opacity: .75; }
  input, textarea { box-sizing: border-box; width: 100%; font: inherit; padding: .5rem; margin-top: .25rem; border: 1px solid #8a8a8a; border-radius: .375rem; }
  textarea { min-height: 10rem; resize: vertical; }
  input:focus, textarea:focus, button:focus { outline: 3px solid #2563eb; outline-offset: 1px; }
  button, .button { display: inline-block; margin-top: 1.25rem; font: inherit; font-weight: 600; padding: .6rem 1.25rem; border: 0; border-radius: .375rem; background: #1d4ed8; color: #fff; cursor: pointer; text-decoration: none; }
  .problems { border: 2px solid #b91c1c; border-radius: .375rem; padding: .5rem 1rem; margin: 1rem 0; }
  .trap { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
`;

function document(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

export interface FormState {
  values?: Partial<Record<SubmissionField, string>>;
  problems?: SubmissionProblem[];
  /** The page the form is embedded in, carried from the first load to the submission. */
  page?: string | null;
}

const headingOf = (form: WebFormRow, locale: Locale) => form.texts[locale]?.title ?? pageTexts[locale].title;

export function formPage(form: WebFormRow, locale: Locale, state: FormState = {}): string {
  const t = pageTexts[locale];
  const intro = form.texts[locale]?.intro ?? t.intro;
  const value = (field: SubmissionField) => escapeHtml(state.values?.[field] ?? '');
  const invalid = (field: SubmissionField) => (state.problems?.some((problem) => problem.field === field) ? ' aria-invalid="true" aria-describedby="problems"' : '');
  const problems = state.problems?.length
    ? `<div class="problems" id="problems" role="alert"><p>${escapeHtml(t.fix)}</p><ul>${state.problems.map((problem) => `<li>${escapeHtml(t.problems[problem.code](t[problem.field]))}</li>`).join('')}</ul></div>`
    : '';
  const optional = `<small>(${escapeHtml(t.optional)})</small>`;
  return document(
    locale,
    headingOf(form, locale),
    `<h1>${escapeHtml(headingOf(form, locale))}</h1>
<p>${escapeHtml(intro)}</p>
${problems}
<form method="post" action="/forms/${escapeHtml(form.public_key)}?lang=${locale}" accept-charset="utf-8">
<input type="hidden" name="submissionId" value="${randomUUID()}">
<input type="hidden" name="language" value="${locale}">
${state.page ? `<input type="hidden" name="page" value="${escapeHtml(state.page)}">` : ''}
<label for="f-name">${escapeHtml(t.name)} ${optional}</label>
<input id="f-name" name="name" autocomplete="name" maxlength="${submissionLimits.name}" value="${value('name')}"${invalid('name')}>
<label for="f-email">${escapeHtml(t.email)}</label>
<input id="f-email" name="email" type="email" autocomplete="email" required maxlength="${submissionLimits.email}" value="${value('email')}"${invalid('email')}>
<label for="f-subject">${escapeHtml(t.subject)} ${optional}</label>
<input id="f-subject" name="subject" maxlength="${submissionLimits.subject}" value="${value('subject')}"${invalid('subject')}>
<label for="f-message">${escapeHtml(t.message)}</label>
<textarea id="f-message" name="message" required maxlength="${submissionLimits.message}"${invalid('message')}>${value('message')}</textarea>
<div class="trap" aria-hidden="true"><label for="f-website">${escapeHtml(t.honeypot)}</label><input id="f-website" name="website" tabindex="-1" autocomplete="off"></div>
<button type="submit">${escapeHtml(t.send)}</button>
</form>`,
  );
}

export function sentPage(form: WebFormRow, locale: Locale, email: string): string {
  const t = pageTexts[locale];
  return document(
    locale,
    t.sentTitle,
    `<h1>${escapeHtml(t.sentTitle)}</h1>
<p role="status">${escapeHtml(t.sent(email))}</p>
<p><a class="button" href="/forms/${escapeHtml(form.public_key)}?lang=${locale}">${escapeHtml(t.another)}</a></p>`,
  );
}

export function messagePage(locale: Locale, text: (t: PageTexts) => string): string {
  const t = pageTexts[locale];
  return document(locale, text(t), `<p role="alert">${escapeHtml(text(t))}</p>`);
}
