/** The command table: one module per area, each a factory per command id, and the services' own; main.ts registers them all. */
import { FILES } from '../../core/storage/data-files';
import { type CommandId } from '../ids';
import { ASSESSMENT_COMMANDS } from './assessment';
import { GIT_COMMANDS } from './git';
import { REPORT_COMMANDS } from './reports';
import { secretCommands, SETTINGS_COMMANDS } from './settings';
import { type CommandSpec } from './spec';
import { TREE_COMMANDS } from './tree';
import { WORK_COMMANDS, workCommands } from './work';

export { type CommandSpec } from './spec';

export const COMMANDS: Record<CommandId, CommandSpec> = {
  ...ASSESSMENT_COMMANDS,
  ...REPORT_COMMANDS,
  ...WORK_COMMANDS,
  ...TREE_COMMANDS,
  ...GIT_COMMANDS,
  ...SETTINGS_COMMANDS,
};

/** Every command to register: the table, then what the registered services bring (their Create, Open and Set …). */
export function allCommands(): [string, CommandSpec][] {
  return [...Object.entries(COMMANDS), ...Object.entries(workCommands()), ...Object.entries(secretCommands())];
}

/** Paths in the data folder that, when changed on disk, change what the tree shows. */
export const WATCHED_FILES = `**/{${[FILES.db, FILES.flows, FILES.model, FILES.targets, FILES.campaigns].join(',')}}`;
