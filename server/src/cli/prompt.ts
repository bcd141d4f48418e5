// Reads a secret from the terminal without echoing it, for commands run by a person.
import type { ReadStream } from 'node:tty';

/** Asks for a line on a TTY with echo off; resolves undefined when stdin is not a terminal. */
export async function promptHidden(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string | undefined> {
  if (!input.isTTY) return undefined;
  const tty = input as ReadStream;
  output.write(question);
  tty.setRawMode(true);
  tty.resume();
  tty.setEncoding('utf8');
  return new Promise<string>((resolve, reject) => {
    let answer = '';
    const finish = (error?: Error) => {
      tty.off('data', onData);
      tty.setRawMode(false);
      tty.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new Error('cancelled'));
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else if (char >= ' ') answer += char;
      }
    };
    tty.on('data', onData);
  });
}
