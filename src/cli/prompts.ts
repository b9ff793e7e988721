/** Line prompts that also work when stdin is a pipe, so interactive commands can be scripted. */
import * as readline from 'node:readline';

import { inputError } from '../core/errors';
import { type Io } from './io';

export class Prompter {
  private readonly lines: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private closed = false;
  private readonly rl: readline.Interface;

  constructor(private readonly io: Io) {
    // Buffer lines ourselves: with a pipe, readline emits lines before a question is asked.
    this.rl = readline.createInterface({ input: io.stdin, terminal: false });
    this.rl.on('line', (line) => {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w(line);
      } else this.lines.push(line);
    });
    this.rl.on('close', () => {
      this.closed = true;
      this.waiting?.(undefined);
    });
  }

  async ask(question: string): Promise<string> {
    this.io.stdout(question);
    const line =
      this.lines.shift() ??
      (this.closed ? undefined : await new Promise<string | undefined>((r) => (this.waiting = r)));
    if (line === undefined) throw inputError(`input ended while waiting for an answer to "${question.trim()}"`);
    return line.trim();
  }

  async yesNo(question: string): Promise<boolean> {
    for (;;) {
      const a = (await this.ask(`${question} [y/n] `)).toLowerCase();
      if (a === 'y' || a === 'yes') return true;
      if (a === 'n' || a === 'no') return false;
      this.io.stdout('Please answer y or n.\n');
    }
  }

  /** A numbered list; returns the chosen index. */
  async choose(title: string, options: readonly string[]): Promise<number> {
    this.io.stdout(`${title}\n${options.map((o, i) => `  ${i + 1}. ${o}`).join('\n')}\n`);
    for (;;) {
      const a = await this.ask(`Number (1-${options.length}): `);
      const n = Number(a);
      if (Number.isInteger(n) && n >= 1 && n <= options.length) return n - 1;
      this.io.stdout(`Please enter a number from 1 to ${options.length}.\n`);
    }
  }

  close(): void {
    this.rl.close();
  }
}
