// Maps everything thrown inside a request to the API's error shape: domain errors by their kind, HTTP and
// framework faults by their status or code, each with a message a person understands.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, errorBody, type ErrorBody } from './errors.ts';
import { AppError, type ErrorKind } from '../errors.ts';
import { isDatabaseError } from '../logger.ts';

/** The one place a kind of domain error becomes an HTTP status. */
export const statusOfKind = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  refused: 422,
  throttled: 429,
} as const satisfies Record<ErrorKind, number>;

export interface ErrorAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: ErrorBody;
}

/** How the API answers a domain error: its kind's status, its code, message and details. */
export function answerOf(error: AppError): ErrorAnswer {
  const headers: Record<string, string> = {};
  // A refusal that ends at a known time (a locked account) says when, as HTTP clients expect.
  if (error.kind === 'throttled' && error.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.retryAfterSeconds);
  return { statusCode: statusOfKind[error.kind], headers, body: errorBody(error.code, error.message, error.details) };
}

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(errorBody('route_not_found', `There is no ${request.method} ${request.url.split('?')[0]} here.`));
  });

  app.setErrorHandler((error: FastifyError | AppError | HttpError, request, reply) => {
    if (error instanceof AppError) {
      const answer = answerOf(error);
      return reply.code(answer.statusCode).headers(answer.headers).send(answer.body);
    }
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).send(errorBody(error.code, error.message, error.details));
    }
    if (error.validation) {
      const issues = (error.validation as ValidationIssue[]).map((issue) => describeIssue(issue, error.validationContext ?? 'body'));
      return reply.code(400).send(errorBody('invalid_request', issues.join('; '), { issues }));
    }
    if (error.code === 'FST_ERR_VALIDATION') {
      return reply.code(400).send(errorBody('invalid_request', error.message));
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.code(413).send(errorBody('payload_too_large', 'The request body is larger than this server accepts.'));
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.code(415).send(errorBody('unsupported_media_type', 'Send the body as application/json (or multipart/form-data where a file is uploaded).'));
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.code(400).send(errorBody('empty_body', 'The request body is empty; send a JSON object.'));
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return reply.code(400).send(errorBody('invalid_json', 'The request body is not valid JSON.'));
      case 'FST_REQ_FILE_TOO_LARGE':
      case 'FST_PARTS_LIMIT':
      case 'FST_FILES_LIMIT':
      case 'FST_FIELDS_LIMIT':
        return reply.code(413).send(errorBody('attachment_too_large', error.message));
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return reply.code(415).send(errorBody('unsupported_media_type', 'Send files as multipart/form-data.'));
    }
    if (isMalformedMultipart(error)) {
      return reply.code(400).send(errorBody('malformed_multipart', 'The multipart/form-data body is malformed (a missing or wrong boundary, cut short, or a broken part header).'));
    }
    if (isDatabaseError(error) && isInputFault(error.code)) {
      // The value is not repeated back: the database's message quotes it, and it may be anything.
      return reply.code(400).send(errorBody('invalid_value', 'A value in the request cannot be stored (out of range, too long or malformed); check the fields against the API description.'));
    }
    if (error instanceof SyntaxError || error.statusCode === 400) {
      return reply.code(400).send(errorBody('invalid_json', error.message || 'The request body is not valid JSON.'));
    }
    if (error.statusCode === 429) {
      return reply.code(429).send(errorBody('rate_limited', 'Too many requests; wait a minute and try again.'));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send(errorBody(error.code ?? 'bad_request', error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody('internal_error', 'Something went wrong on our side; it has been logged.'));
  });
}

/** Router-level faults (a path that is not valid percent-encoding, an over-long parameter) in the API's shape. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const message =
    error.code === 'FST_ERR_BAD_URL'
      ? 'The URL is not valid percent-encoded UTF-8; encode each path and query part with encodeURIComponent.'
      : 'The URL is malformed.';
  void reply.code(400).send(errorBody('malformed_url', message));
}

/**
 * SQLSTATE class 22 (data exception: invalid text for a type, a number out of range, a value too
 * long) and 54000 (a value too large for an index) come only from the values a request carried.
 */
const isInputFault = (sqlstate: string) => sqlstate.startsWith('22') || sqlstate === '54000';

/** The multipart parser's complaints about a body that is not well-formed multipart. */
const isMalformedMultipart = (error: FastifyError) =>
  ['FST_PROTO_VIOLATION', 'FST_NO_FORM_DATA', 'FST_MP_PREMATURE_CLOSE', 'FST_INVALID_JSON_FIELD_ERROR'].includes(error.code) ||
  /^(Multipart: Boundary not found|Boundary required|Unexpected end of multipart data|\w+ terminated early due to unexpected end of multipart data)$/.test(error.message ?? '');

function describeIssue(issue: ValidationIssue, context: string): string {
  const where = `${context}${issue.instancePath ?? ''}`.replace(/\//g, '.');
  if (issue.keyword === 'additionalProperties') {
    return `${where} has an unknown field "${String(issue.params?.additionalProperty)}"`;
  }
  if (issue.keyword === 'x-finite') return `${where} must be a finite number`;
  if (issue.keyword === 'required') return `${where} is missing the field "${String(issue.params?.missingProperty)}"`;
  return `${where} ${issue.message ?? 'is invalid'}`;
}
