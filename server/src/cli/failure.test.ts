import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import { describe, test } from 'node:test';
import { conflict, notFound, refused } from '../errors.ts';
import { UsageError } from './create-admin.ts';
import { describeFailure } from './failure.ts';

describe('what the command line prints when a command fails', () => {
  test("a domain error prints its message alone on one line and exits 2, whatever its kind", () => {
    assert.deepEqual(describeFailure(refused('weak_password', 'This password is too easy to guess.')), { text: 'frontline: This password is too easy to guess.\n', exitCode: 2 });
    assert.deepEqual(describeFailure(conflict('agent_exists', 'An agent with this email exists.')), { text: 'frontline: An agent with this email exists.\n', exitCode: 2 });
    assert.deepEqual(describeFailure(notFound('team_not_found', 'There is no team 4.')), { text: 'frontline: There is no team 4.\n', exitCode: 2 });
  });

  test('a usage mistake and an unknown option print their message and exit 2', () => {
    assert.deepEqual(describeFailure(new UsageError('An email is needed.')), { text: 'frontline: An email is needed.\n', exitCode: 2 });
    let argumentError: unknown;
    try {
      parseArgs({ args: ['--colour'], options: {}, strict: true });
    } catch (error) {
      argumentError = error;
    }
    const failure = describeFailure(argumentError);
    assert.equal(failure.exitCode, 2);
    assert.match(failure.text, /^frontline: Unknown option '--colour'/);
    assert.equal(failure.text.split('\n').length, 2, 'one line');
  });

  test('any other error prints its stack and exits 1', () => {
    const failure = describeFailure(new Error('the disk is full'));
    assert.equal(failure.exitCode, 1);
    assert.match(failure.text, /^frontline: Error: the disk is full\n {4}at /);
    assert.deepEqual(describeFailure('a string'), { text: 'frontline: a string\n', exitCode: 1 });
  });
});
