// What the command line prints when a command ends in an error: a mistake the person can fix, or
// a refusal of the domain (a weak password, a taken email), is one line; anything else, its stack.
import { AppError } from '../errors.ts';
import { UsageError } from './create-admin.ts';

export interface Failure {
  /** Written to stderr as it is. */
  text: string;
  /** 2: the person can fix it; 1: a fault. */
  exitCode: 1 | 2;
}

const isArgumentError = (error: unknown) => error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');

export function describeFailure(error: unknown): Failure {
  if (error instanceof UsageError || error instanceof AppError || isArgumentError(error)) {
    return { text: `frontline: ${(error as Error).message}\n`, exitCode: 2 };
  }
  return { text: `frontline: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`, exitCode: 1 };
}
