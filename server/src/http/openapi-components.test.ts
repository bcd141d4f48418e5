import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameTitledSchemas } from './openapi-components.ts';

const ticketRef = { title: 'TicketRef', type: 'object', required: ['id'], properties: { id: { type: 'integer' } } };
const responseOf = <S>(schema: S) => ({ responses: { 200: { description: 'ok', content: { 'application/json': { schema } } } } });

test('a titled response schema becomes one named component, referenced wherever it is used', () => {
  const document = {
    openapi: '3.1.0',
    paths: {
      '/tickets/{id}': {
        get: responseOf({
          type: 'object',
          properties: {
            mergedInto: { anyOf: [ticketRef, { type: 'null' }] },
            mergedFrom: { type: 'array', items: ticketRef, description: 'tickets merged in' },
            // A property that happens to be called "title" is no name.
            title: { type: 'string' },
          },
        }),
      },
      '/refs': { get: responseOf({ type: 'array', items: ticketRef }) },
    },
  };
  const named = nameTitledSchemas(document);
  const ref = { $ref: '#/components/schemas/TicketRef' };
  assert.deepEqual(named.paths['/tickets/{id}'].get.responses[200].content['application/json'].schema, {
    type: 'object',
    properties: { mergedInto: { anyOf: [ref, { type: 'null' }] }, mergedFrom: { type: 'array', items: ref, description: 'tickets merged in' }, title: { type: 'string' } },
  });
  assert.deepEqual(named.paths['/refs'].get.responses[200].content['application/json'].schema, { type: 'array', items: ref });
  assert.deepEqual(named.components, { schemas: { TicketRef: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } } });
  // The input is left as it was (the route keeps its own schema).
  assert.equal(document.paths['/refs'].get.responses[200].content['application/json'].schema.items, ticketRef);
});

test('named schemas inside named schemas are referenced from the component, and components are sorted', () => {
  const message = { title: 'Message', type: 'object', properties: { ticket: ticketRef } };
  const named = nameTitledSchemas({ paths: { '/messages': { post: responseOf(message) } } });
  assert.deepEqual(Object.keys(named.components.schemas), ['Message', 'TicketRef']);
  assert.deepEqual(named.components.schemas.Message, { type: 'object', properties: { ticket: { $ref: '#/components/schemas/TicketRef' } } });
});

test('request bodies and untitled schemas are left alone', () => {
  const document = { paths: { '/tickets': { post: { requestBody: { content: { 'application/json': { schema: ticketRef } } }, ...responseOf({ type: 'object' }) } } } };
  const named = nameTitledSchemas(document);
  assert.equal(named.paths['/tickets'].post.requestBody.content['application/json'].schema, ticketRef);
  assert.deepEqual(named.components.schemas, {});
});

test('two different shapes with one title, or a title that is no type name, are refused', () => {
  const other = { ...ticketRef, properties: { id: { type: 'string' } } };
  assert.throws(() => nameTitledSchemas({ paths: { '/a': { get: responseOf(ticketRef) }, '/b': { get: responseOf(other) } } }), /Two different response schemas are titled TicketRef \(GET \/a 200 and GET \/b 200\)/);
  assert.throws(() => nameTitledSchemas({ paths: { '/a': { get: responseOf({ title: 'a ticket', type: 'object' }) } } }), /titled "a ticket": a title names a type/);
});
