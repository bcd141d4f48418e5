// What the chat does when an agent answers: the visitor's widget shows the answer at once (hub.ts);
// if the visitor has not read it CHAT_EMAIL_AFTER_SECONDS later and gave an email address, the
// answers they missed go there, so a visitor who left still gets them. Their reply by email joins
// the ticket (its [#n] tag, from the address that is now theirs).
import type { Context } from '../../context.ts';
import type { Reaction } from '../../events/reactions.ts';
import { enqueue } from '../../jobs/queue.ts';
import { customerMessages } from '../../tickets/verbs.ts';
import { NoticeError, sendNotice } from '../email/notice.ts';
import { replySubject } from '../email/templates.ts';
import { CHAT_CHANNEL } from './verbs.ts';
import { conversationForEmail, markEmailed } from './store.ts';

export const CHAT_EMAIL_JOB = 'chat.email-unread';

export const emailUnreadAnswers: Reaction = {
  name: 'chat.email-unread',
  on: ['message.created'],
  when: { channel: CHAT_CHANNEL, direction: 'outbound', internal: false },
  async handle(ctx, event) {
    if (event.type !== 'message.created' || event.payload.automatic) return;
    const runAt = new Date(ctx.clock.now().getTime() + ctx.config.chatEmailAfterSeconds * 1000);
    await enqueue(ctx.tx, CHAT_EMAIL_JOB, { ticketId: event.ticketId }, { runAt });
  },
};

const texts = {
  en: (alias: string, site: string) => ({ intro: `${alias} answered you in the chat on ${site}:`, outro: 'Reply to this email to go on with the conversation.' }),
  ru: (alias: string, site: string) => ({ intro: `${alias} ответил(а) вам в чате на сайте ${site}:`, outro: 'Ответьте на это письмо, чтобы продолжить разговор.' }),
  ka: (alias: string, site: string) => ({ intro: `${alias}-მ გიპასუხათ ჩატში, საიტზე ${site}:`, outro: 'საუბრის გასაგრძელებლად უპასუხეთ ამ წერილს.' }),
};

/** Sends on the agents' answers the visitor has neither read nor been mailed. At least once: a mail that went but was not recorded goes again. */
export async function emailUnread(ctx: Context, ticketId: number): Promise<void> {
  const chat = await conversationForEmail(ctx.db, ticketId);
  if (!chat?.email) return;
  const after = Math.max(Number(chat.visitor_read_id), Number(chat.emailed_id));
  const unread = (await customerMessages(ctx.db, ticketId, { after })).filter((message) => message.direction === 'outbound' && message.agent_alias);
  if (!unread.length) return;
  const locale = (['en', 'ru', 'ka'] as const).find((candidate) => candidate === (chat.locale ?? chat.language)) ?? 'en';
  const said = texts[locale](unread[unread.length - 1]!.agent_alias!, chat.site_name);
  const text = [said.intro, '', ...unread.map((message) => message.body_text).join('\n\n').split('\n'), '', '—', said.outro].join('\n');
  try {
    await sendNotice(ctx, { to: chat.email, subject: replySubject(chat.subject, chat.number), text, from: { mailbox_id: chat.mailbox_id, team_id: chat.team_id } });
  } catch (error) {
    // Retried by the job runner with backoff, and shown among failed jobs after the last attempt.
    if (error instanceof NoticeError) throw new Error(`the chat answers could not be mailed to the visitor: ${error.reason}`);
    throw error;
  }
  await markEmailed(ctx.db, ticketId, unread[unread.length - 1]!.id);
}
