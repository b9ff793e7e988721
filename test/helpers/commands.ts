/** A registered command by id, the services' own (Create Rally Story, Set … Token) included. */
import { allCommands, type CommandSpec } from '../../src/extension/commands';

export function command(id: string): CommandSpec {
  const spec = new Map(allCommands()).get(id);
  if (!spec) throw new Error(`no command ${id} is registered`);
  return spec;
}
