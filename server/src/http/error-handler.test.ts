import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { AppError, conflict, forbidden, invalidInput, notFound, refused, throttled, unauthenticated, type ErrorKind } from '../errors.ts';
import { answerOf, installErrorHandler, statusOfKind } from './error-handler.ts';
import { badRequest, payloadTooLarge } from './errors.ts';

// One domain error of each kind, the status it must answer with, and the exact body bytes: the
// answers the API gave before domain errors left `http/`, which clients already match on.
const cases: Record<ErrorKind, { error: AppError; status: number; body: string; retryAfter?: string }> = {
  invalid_input: {
    error: invalidInput('invalid_cursor', 'The cursor is malformed.'),
    status: 400,
    body: '{"error":{"code":"invalid_cursor","message":"The cursor is malformed."}}',
  },
  unauthenticated: {
    error: unauthenticated(),
    status: 401,
    body: '{"error":{"code":"unauthorized","message":"Sign in first."}}',
  },
  forbidden: {
    error: forbidden(),
    status: 403,
    body: '{"error":{"code":"forbidden","message":"You do not have permission to do this."}}',
  },
  not_found: {
    error: notFound('ticket_not_found', 'There is no ticket 7.'),
    status: 404,
    body: '{"error":{"code":"ticket_not_found","message":"There is no ticket 7."}}',
  },
  conflict: {
    error: conflict('agent_exists', 'An agent with this email exists.', { agentId: 3 }),
    status: 409,
    body: '{"error":{"code":"agent_exists","message":"An agent with this email exists.","details":{"agentId":3}}}',
  },
  refused: {
    error: refused('weak_password', 'Too easy to guess.', { reason: 'dictionary' }),
    status: 422,
    body: '{"error":{"code":"weak_password","message":"Too easy to guess.","details":{"reason":"dictionary"}}}',
  },
  throttled: {
    error: throttled('account_locked', 'Try again in 2 minutes.', 120, { retryAfterSeconds: 120, lockedUntil: '2026-12-01T10:02:00.000Z' }),
    status: 429,
    body: '{"error":{"code":"account_locked","message":"Try again in 2 minutes.","details":{"retryAfterSeconds":120,"lockedUntil":"2026-12-01T10:02:00.000Z"}}}',
    retryAfter: '120',
  },
};

describe('domain errors become HTTP answers in one place', () => {
  let app: FastifyInstance;
  before(async () => {
    app = Fastify({ logger: false });
    installErrorHandler(app);
    app.get<{ Params: { kind: ErrorKind } }>('/domain/:kind', async (request) => {
      throw cases[request.params.kind].error;
    });
    app.get('/coded-forbidden', async () => {
      throw new AppError('forbidden', 'wrong_password', 'The current password is wrong.');
    });
    app.get('/too-large', async () => {
      throw payloadTooLarge('attachment_too_large', 'The file a.bin is larger than this server accepts.');
    });
    app.get('/bad-request', async () => {
      throw badRequest('invalid_request', 'body must be a JSON object.', { field: 'body' });
    });
    app.get('/crash', async () => {
      throw new Error('a bug with a secret in it');
    });
    await app.ready();
  });
  after(() => app.close());

  test('every kind has a status, and this test has a case for every kind', () => {
    assert.deepEqual(Object.keys(cases).sort(), Object.keys(statusOfKind).sort());
  });

  test('each kind maps to its status and the { error: { code, message, details } } body', () => {
    for (const [kind, expected] of Object.entries(cases)) {
      const answer = answerOf(expected.error);
      assert.equal(answer.statusCode, expected.status, kind);
      assert.equal(JSON.stringify(answer.body), expected.body, kind);
      assert.deepEqual(answer.headers, expected.retryAfter ? { 'retry-after': expected.retryAfter } : {}, kind);
    }
  });

  test('a thrown domain error of each kind is answered byte for byte as before, Retry-After only when throttled', async () => {
    for (const [kind, expected] of Object.entries(cases)) {
      const response = await app.inject({ method: 'GET', url: `/domain/${kind}` });
      assert.equal(response.statusCode, expected.status, kind);
      assert.equal(response.body, expected.body, kind);
      assert.match(String(response.headers['content-type']), /^application\/json/, kind);
      assert.equal(response.headers['retry-after'], expected.retryAfter, kind);
    }
  });

  test('a kind keeps its status whatever the code: a forbidden wrong_password is a 403', async () => {
    const response = await app.inject({ method: 'GET', url: '/coded-forbidden' });
    assert.equal(response.statusCode, 403);
    assert.equal(response.body, '{"error":{"code":"wrong_password","message":"The current password is wrong."}}');
  });

  test('HTTP-only errors keep their own status', async () => {
    const large = await app.inject({ method: 'GET', url: '/too-large' });
    assert.equal(large.statusCode, 413);
    assert.equal(large.body, '{"error":{"code":"attachment_too_large","message":"The file a.bin is larger than this server accepts."}}');
    const bad = await app.inject({ method: 'GET', url: '/bad-request' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.body, '{"error":{"code":"invalid_request","message":"body must be a JSON object.","details":{"field":"body"}}}');
  });

  test('anything else is a 500 that tells nothing of the error', async () => {
    const response = await app.inject({ method: 'GET', url: '/crash' });
    assert.equal(response.statusCode, 500);
    assert.equal(response.body, '{"error":{"code":"internal_error","message":"Something went wrong on our side; it has been logged."}}');
  });
});
