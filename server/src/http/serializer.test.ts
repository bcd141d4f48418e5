import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fastJson, { type Schema } from 'fast-json-stringify';
import { Type } from '@sinclair/typebox';
import { Nullable, Timestamp } from './schema-kit.ts';
import { serializableSchema } from './serializer.ts';
import { TicketList } from '../tickets/schemas.ts';

const ticket = (id: number, filled: boolean) => ({
  id,
  number: 1000 + id,
  subject: `Сайт недоступен #${id} "quoted" \\ \u2028`,
  status: 'new',
  priority: 'normal',
  channel: 'email',
  teamId: filled ? 3 : null,
  assigneeId: filled ? 7 : null,
  tags: filled ? ['vip', 'spam'] : [],
  language: filled ? 'ka' : null,
  customerId: 5,
  organizationId: filled ? 2 : null,
  linkedTicketId: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:05:00.000Z',
  firstResponseAt: filled ? '2026-12-01T10:03:00.000Z' : null,
  lastCustomerMessageAt: '2026-12-01T10:00:00.000Z',
  lastAgentMessageAt: null,
  solvedAt: null,
  closedAt: null,
  mailboxId: filled ? 1 : null,
  mergedIntoId: null,
  lastMessagePreview: 'საიტი არ იხსნება',
  lastMessageAuthor: filled ? 'agent' : null,
  customerWaitingSince: null,
  customer: { id: 5, name: 'Nino', email: filled ? 'nino@example.test' : null, unknownSender: false },
  unread: filled,
});

describe('response serialization', () => {
  test('a primitive "or null" becomes a type list; objects, arrays and other unions stay as written', () => {
    assert.deepEqual(serializableSchema(Nullable(Type.Integer())), { type: ['integer', 'null'] });
    assert.deepEqual(serializableSchema(Nullable(Timestamp)), { type: ['string', 'null'], format: 'date-time' });
    const object = Nullable(Type.Object({ id: Type.Integer() }));
    assert.ok('anyOf' in (serializableSchema(object) as object));
    const union = Type.Union([Type.String(), Type.Integer()]);
    assert.ok('anyOf' in (serializableSchema(union) as object));
  });

  test('a ticket list serializes to the same JSON as with the schemas as written, nulls and values alike', () => {
    const body = { items: [ticket(1, true), ticket(2, false)], nextCursor: null };
    const plain = fastJson(TicketList as Schema);
    const fast = fastJson(serializableSchema(TicketList) as Schema);
    assert.equal(fast(body), plain(body));
    assert.deepEqual(JSON.parse(fast(body)), body);
    const paged = { ...body, nextCursor: 'abc' };
    assert.equal(fast(paged), plain(paged));
  });
});
