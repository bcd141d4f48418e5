// The website chat site form as the screen holds it (strings, one origin per line, open hours as
// ranges per weekday) and the request body made from it, plus the snippet a site pastes. Pure.
import { locales, type Locale } from '@frontline/shared';
import { weekdays, type AskEmail, type ChatSite, type ChatSiteBody, type TimeRange, type Weekday } from '../api/chat-admin';
import { localeTexts, localeTextsBody, type LocaleTexts } from '../ui/locale-texts';

export const textFields = ['greeting', 'offline'] as const;
export const defaultColor = '#2563eb';
/** What a new site's opening hours start from when the admin turns "always open" off. */
export const defaultRange: TimeRange = ['09:00', '18:00'];
/** Bounds the screen keeps to (the server has its own). */
export const limits = { name: 200, greeting: 500, offline: 1000, topicId: 40, topicLabel: 100, topics: 20, rangesPerDay: 4, origins: 20, origin: 300 } as const;
/** As the server's schema has them (server/src/channels/chat/routes.ts). */
export const topicIdPattern = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const timePattern = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

export interface TopicRow {
  /** Only for React's list: topics may be renamed while edited. */
  row: number;
  id: string;
  label: Record<Locale, string>;
  teamId: string;
}

export interface ChatSiteForm {
  name: string;
  teamId: string;
  mailboxId: string;
  /** One origin per line. */
  origins: string;
  texts: LocaleTexts<(typeof textFields)[number]>;
  color: string;
  position: ChatSite['position'];
  topics: TopicRow[];
  alwaysOpen: boolean;
  timeZone: string;
  days: Record<Weekday, TimeRange[]>;
  askEmail: AskEmail;
  active: boolean;
}

const closedWeek = (): Record<Weekday, TimeRange[]> => Object.fromEntries(weekdays.map((day) => [day, []])) as unknown as Record<Weekday, TimeRange[]>;

/** A working week (Monday to Friday, 09–18), what most sites start from. */
export const workingWeek = (): Record<Weekday, TimeRange[]> => ({ ...closedWeek(), mon: [defaultRange], tue: [defaultRange], wed: [defaultRange], thu: [defaultRange], fri: [defaultRange] });

export const emptyTopic = (row: number): TopicRow => ({ row, id: '', label: { en: '', ru: '', ka: '' }, teamId: '' });

export function initialChatSiteForm(site: ChatSite | null, timeZone: string): ChatSiteForm {
  const days = closedWeek();
  for (const day of weekdays) days[day] = (site?.hours?.days[day] ?? []).map(([from, to]) => [from, to]);
  return {
    name: site?.name ?? '',
    teamId: site?.teamId ? String(site.teamId) : '',
    mailboxId: site?.mailboxId ? String(site.mailboxId) : '',
    origins: site?.allowedOrigins.join('\n') ?? '',
    texts: localeTexts(textFields, site?.texts),
    color: site?.color ?? defaultColor,
    position: site?.position ?? 'right',
    topics: (site?.topics ?? []).map((topic, row) => ({ row, id: topic.id, label: { en: topic.label.en ?? '', ru: topic.label.ru ?? '', ka: topic.label.ka ?? '' }, teamId: topic.teamId ? String(topic.teamId) : '' })),
    alwaysOpen: !site?.hours,
    timeZone: site?.hours?.timeZone ?? timeZone,
    days: site?.hours ? days : workingWeek(),
    askEmail: site?.askEmail ?? 'offline',
    active: site?.active ?? true,
  };
}

/** Origins as typed: one per line (commas and spaces too), without a trailing slash, each once. */
export function parseOrigins(text: string): string[] {
  const origins = text
    .split(/[\s,]+/)
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  return [...new Set(origins)];
}

const isEmptyTopic = (topic: TopicRow) => !topic.id.trim() && locales.every((locale) => !topic.label[locale].trim()) && !topic.teamId;

/** What the admin must fix before saving (keys under `chatAdmin.problem`); none: the form can be sent. */
export function chatSiteProblems(form: ChatSiteForm): Array<{ problem: 'name' | 'color' | 'topicId' | 'topicDuplicate' | 'range'; detail?: string }> {
  const problems: ReturnType<typeof chatSiteProblems> = [];
  if (!form.name.trim()) problems.push({ problem: 'name' });
  if (!/^#[0-9a-fA-F]{6}$/.test(form.color)) problems.push({ problem: 'color' });
  const seen = new Set<string>();
  for (const topic of form.topics.filter((x) => !isEmptyTopic(x))) {
    const id = topic.id.trim();
    if (!topicIdPattern.test(id)) problems.push({ problem: 'topicId', detail: id });
    else if (seen.has(id)) problems.push({ problem: 'topicDuplicate', detail: id });
    seen.add(id);
  }
  if (!form.alwaysOpen) {
    for (const day of weekdays) {
      for (const [from, to] of form.days[day]) if (!timePattern.test(from) || !timePattern.test(to) || from >= to) problems.push({ problem: 'range', detail: day });
    }
  }
  return problems;
}

/** The request body: empty texts and labels left out (the built-in ones show), empty topic rows dropped, no hours when always open. */
export function chatSiteBody(form: ChatSiteForm): ChatSiteBody {
  return {
    name: form.name.trim(),
    teamId: form.teamId ? Number(form.teamId) : null,
    mailboxId: form.mailboxId ? Number(form.mailboxId) : null,
    allowedOrigins: parseOrigins(form.origins),
    texts: localeTextsBody(form.texts),
    color: form.color.toLowerCase(),
    position: form.position,
    topics: form.topics
      .filter((topic) => !isEmptyTopic(topic))
      .map((topic) => ({
        id: topic.id.trim(),
        label: Object.fromEntries(locales.flatMap((locale) => (topic.label[locale].trim() ? [[locale, topic.label[locale].trim()]] : []))),
        teamId: topic.teamId ? Number(topic.teamId) : null,
      })),
    hours: form.alwaysOpen
      ? null
      : {
          timeZone: form.timeZone,
          days: Object.fromEntries(weekdays.flatMap((day) => (form.days[day].length ? [[day, form.days[day].map(([from, to]) => [from, to] as TimeRange)]] : []))),
        },
    askEmail: form.askEmail,
    active: form.active,
  };
}

/** The tag a site pastes before </body>; the key is a public `fcs_…` id, anything else in it is dropped so it cannot leave its attribute. */
export const chatSnippet = (site: Pick<ChatSite, 'key'>, origin: string) => `<script src="${origin.replace(/\/+$/, '')}/widget.js" data-site="${site.key.replace(/[^A-Za-z0-9_-]/g, '')}" async></script>`;
