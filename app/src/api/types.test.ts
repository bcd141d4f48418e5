// Type-level checks (tsc runs them with `npm test -w app`): the helpers that read the generated
// paths must find the operations, since a `never` would silently type anything read from it.
import { describe, expectTypeOf, it } from 'vitest';
import type { Answer, BodyOf, Calendar, Counts, Customer, CustomerDetail, FailedDelivery, Mailbox, MessageDelivery, Page, Ticket, TicketDetail, View } from './types';
import { inboundStatuses, views } from './types';

describe('the API types', () => {
  it('name what each operation answers', () => {
    expectTypeOf<Answer<'/tickets'>>().toEqualTypeOf<Page<Ticket>>();
    expectTypeOf<Answer<'/tickets/{id}'>>().toEqualTypeOf<TicketDetail>();
    expectTypeOf<Answer<'/tickets/{id}', 'patch'>>().toEqualTypeOf<TicketDetail>();
    expectTypeOf<Answer<'/tickets', 'post'>>().toEqualTypeOf<TicketDetail>();
    expectTypeOf<Answer<'/tickets/counts'>>().toEqualTypeOf<Counts>();
    expectTypeOf<Answer<'/customers'>>().toEqualTypeOf<Page<Customer>>();
    expectTypeOf<Answer<'/customers/{id}'>>().toEqualTypeOf<CustomerDetail>();
    expectTypeOf<Answer<'/mailboxes'>>().toEqualTypeOf<{ items: Mailbox[] }>();
    expectTypeOf<Answer<'/deliveries/failed'>>().toEqualTypeOf<Page<FailedDelivery>>();
    expectTypeOf<Answer<'/messages/{id}/retry', 'post'>>().toEqualTypeOf<MessageDelivery>();
    expectTypeOf<Answer<'/deliveries/failed/count'>>().toEqualTypeOf<{ count: number; capped: boolean }>();
    expectTypeOf<Answer<'/calendars'>>().toEqualTypeOf<{ items: Calendar[] }>();
    expectTypeOf<Answer<'/calendars/{id}/default', 'post'>>().toEqualTypeOf<Calendar>();
    expectTypeOf<Answer<'/calendars/{id}/holidays/import', 'post'>>().toEqualTypeOf<{ added: number; calendar: Calendar }>();
  });

  it('name what an operation takes', () => {
    expectTypeOf<BodyOf<'/customers/{id}', 'patch'>>().not.toBeNever();
    expectTypeOf<BodyOf<'/customers/{id}', 'patch'>['notes']>().toEqualTypeOf<string | undefined>();
  });

  it('list every view and every raw inbox status', () => {
    expectTypeOf<(typeof views)[number]>().toEqualTypeOf<View>();
    expectTypeOf<View>().toEqualTypeOf<'unassigned' | 'unanswered' | 'mine' | 'team' | 'open' | 'pending' | 'solved' | 'spam' | 'all'>();
    expectTypeOf<(typeof inboundStatuses)[number]>().toEqualTypeOf<'failed' | 'held' | 'pending' | 'processed'>();
  });
});
