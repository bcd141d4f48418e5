// Runs a test node script as a child process that prints "state <json>" lines (poison-child.ts,
// reaction-child.ts): until it dies or `done` holds for its last state (then SIGTERM).
import { spawn } from 'node:child_process';

export interface ChildRun<S> {
  /** Whether it ended by SIGKILL (it killed itself, or the deadline did). */
  killed: boolean;
  state: S | undefined;
  output: string;
}

export function runChildNode<S>(script: string, env: Record<string, string>, done: (state: S) => boolean, deadlineMs: number): Promise<ChildRun<S>> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let state: S | undefined;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the node neither died nor got there within ${deadlineMs / 1000} s: ${output.slice(-2000)}`));
    }, deadlineMs);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const lines = output.split('\n').filter((line) => line.startsWith('state '));
      if (lines.length) state = JSON.parse(lines.at(-1)!.slice(6)) as S;
      if (state && done(state)) child.kill('SIGTERM');
    });
    child.once('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', state, output });
    });
  });
}
