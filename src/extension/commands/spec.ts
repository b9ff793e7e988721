/** What every command declares: its handler factory, its title, and whether it needs a trusted workspace. */
import { type Ctx } from '../ctx';

export interface CommandSpec {
  run: (ctx: Ctx) => (...args: unknown[]) => Promise<unknown> | unknown;
  /** Writes files or reaches the network: refused in an untrusted workspace. */
  needsTrust: boolean;
  /** Shown when an untrusted workspace refuses it. */
  title: string;
}
