// Small TypeBox helpers shared by every feature's schemas.
import { Type, type TSchema } from '@sinclair/typebox';
import type { Plugin } from 'ajv'; // the validator Fastify runs; its types come with Fastify

/** An object that rejects unknown fields. */
export const Strict = <T extends Record<string, TSchema>>(properties: T, options: { description?: string } = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

/**
 * Ajv turns "1e309" in a query or a path into Infinity and then skips minimum and maximum, which
 * only look at finite numbers; every integer read from text carries this keyword to refuse it.
 */
const FINITE = 'x-finite';
export const finiteKeyword: Plugin<unknown> = (ajv) =>
  ajv.addKeyword({ keyword: FINITE, schemaType: 'boolean', errors: false, validate: (enabled: boolean, data: unknown) => !enabled || typeof data !== 'number' || Number.isFinite(data) });

export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, [FINITE]: true });
/** A page size from the query string. */
export const Limit = (maximum: number, defaultSize: number) => Type.Integer({ minimum: 1, maximum, default: defaultSize, [FINITE]: true });
export const IdParams = Strict({ id: Id });
export const Email = Type.String({ format: 'email', maxLength: 320 });
/** The name of a person, team, organization or mailbox: one line a screen can show. */
export const Name = (options: { minLength?: number; description?: string } = {}) => Type.String({ maxLength: 200, ...options });
export const Timestamp = Type.String({ format: 'date-time' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ErrorResponse = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }) },
  { title: 'ErrorResponse' },
);

/** Standard error responses for the OpenAPI document. */
export const errors = (...codes: number[]) => Object.fromEntries(codes.map((code) => [code, ErrorResponse]));

/** A string that must be one of the given values. */
export const StringEnum = <T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
