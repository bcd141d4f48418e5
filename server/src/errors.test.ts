// The rule of docs/errors.md, kept by a test: only the HTTP layer (`http/` and the route files)
// imports `http/errors.ts`; verbs, stores, policies, the CLI and boot throw the domain's errors.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { sourceFiles, specifiersOf } from '../test/source-imports.ts';

const thisFile = fileURLToPath(import.meta.url);
const srcDir = path.dirname(thisFile);
const httpDir = path.join(srcDir, 'http');
const httpErrors = path.join(httpDir, 'errors.ts');

/** The HTTP layer: the http/ folder and each feature's route files (`routes.ts`, `organization-routes.ts`). */
const isHttpLayer = (file: string) => file.startsWith(httpDir + path.sep) || /(^|-)routes\.ts$/.test(path.basename(file));

const importsHttpErrors = (file: string, source: string) =>
  specifiersOf(source).some((specifier) => specifier.startsWith('.') && path.resolve(path.dirname(file), specifier) === httpErrors);

describe('domain errors stay in the domain', () => {
  test('the import check sees every way of importing http/errors.ts, and nothing else', () => {
    const verbs = path.join(srcDir, 'tickets', 'verbs.ts');
    const sees = (source: string) => importsHttpErrors(verbs, source);
    assert.ok(sees("import { notFound } from '../http/errors.ts';"));
    assert.ok(sees("import type { ErrorBody } from \"../http/errors.ts\";"));
    assert.ok(sees("import {\n  badRequest,\n  payloadTooLarge,\n} from '../http/errors.ts';"));
    assert.ok(sees("export { badRequest } from '../http/errors.ts';"));
    assert.ok(sees("const { badRequest } = await import('../http/errors.ts');"));
    assert.ok(sees("import { badRequest } from '../http/errors.ts';"));
    assert.ok(!sees("import { notFound } from '../errors.ts';"));
    assert.ok(!sees("import { decodeCursor } from '../http/cursor.ts';"));
    assert.ok(!sees("import { notFound } from './http/errors.ts';"), 'tickets/http/errors.ts is another file');
    assert.ok(importsHttpErrors(path.join(srcDir, 'boot.ts'), "import { HttpError } from './http/errors.ts';"));
  });

  test('the HTTP layer is http/ and the route files', () => {
    assert.ok(isHttpLayer(path.join(httpDir, 'auth-hook.ts')));
    assert.ok(isHttpLayer(path.join(srcDir, 'tickets', 'routes.ts')));
    assert.ok(isHttpLayer(path.join(srcDir, 'tickets', 'message-routes.ts')));
    assert.ok(!isHttpLayer(path.join(srcDir, 'tickets', 'verbs.ts')));
    assert.ok(!isHttpLayer(path.join(srcDir, 'tickets', 'routes.test.ts')));
    assert.ok(!isHttpLayer(path.join(srcDir, 'boot.ts')));
  });

  test('no file outside the HTTP layer imports http/errors.ts', () => {
    // This file names http/errors.ts in its examples above; it imports nothing from it.
    const files = sourceFiles(srcDir).filter((file) => file !== thisFile);
    assert.ok(files.length > 100, `walked ${files.length} files of server/src`);
    const offenders = files
      .filter((file) => !isHttpLayer(file) && importsHttpErrors(file, fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(srcDir, file));
    assert.deepEqual(offenders, [], 'throw the errors of server/src/errors.ts here; only http/ and route files know HTTP statuses');
  });
});
