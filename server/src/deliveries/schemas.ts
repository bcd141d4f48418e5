// The shapes of where a reply goes, as the ticket detail shows them (the composer reads them).
import { Type } from '@sinclair/typebox';
import { Nullable, StringEnum } from '../http/schema-kit.ts';

export const ReplyTarget = Nullable(
  Type.Object(
    {
      channel: Type.String({ description: 'The channel a public reply travels on.' }),
      address: Nullable(Type.String({ description: "The customer's address on it (email), null for a channel that does not address people." })),
      byEmail: Type.Boolean({ description: "True when the ticket's own channel (phone, web form, API) cannot send and the reply goes by email instead." }),
      mailbox: Nullable(Type.Object({ id: Type.Integer(), address: Type.String(), name: Type.String(), hasRelay: Type.Boolean() }, { description: 'For email: the mailbox it is sent from.' })),
    },
    { title: 'ReplyTarget', description: 'Where a public reply on this ticket goes; null when nothing can reach the customer (replyIssue says why).' },
  ),
);

export const ReplyIssue = Nullable(
  Type.Object(
    {
      code: StringEnum(['no_address', 'no_mailbox', 'no_relay', 'whatsapp_window_closed'] as const, {
        description: 'no_address: nothing reaches the customer, public replies are refused (422 reply_unreachable); no_mailbox, no_relay: replies fail until an admin sets up a mailbox or its relay; whatsapp_window_closed: the customer last wrote on WhatsApp over 24 hours ago and the number has no template, so replies fail.',
      }),
      message: Type.String(),
    },
    { title: 'ReplyIssue', description: 'Why a public reply cannot reach the customer, or cannot go out yet; null when it can.' },
  ),
);
