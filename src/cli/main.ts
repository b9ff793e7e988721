/** The sre-tracker command line: dispatches to a command, maps errors to exit codes (1 failure, 2 bad input). */
import { describeError, redact, SreError, stackOf } from '../core/errors';
import { ENV_NAME } from '../core/settings';
import { assessCommand, assessHelp, ASSESS_USAGE } from './assess-command';
import { campaignCommand, CAMPAIGN_USAGE } from './campaign-command';
import { demoCommand, DEMO_USAGE } from './demo-command';
import { exemptCommand, EXEMPT_USAGE, unexemptCommand, UNEXEMPT_USAGE } from './exempt-command';
import { exportCommand, EXPORT_USAGE } from './export-command';
import { reportCommand, REPORT_USAGE } from './report-command';
import { type Io } from './io';
import { setupCommand, SETUP_USAGE } from './setup-command';
import { statusCommand, STATUS_USAGE } from './status-command';
import { syncCommand, SYNC_USAGE } from './sync-command';

interface Command {
  run: (args: string[], io: Io) => Promise<number>;
  usage: string;
  /** A longer help than the usage line, where the command has one. */
  help?: (args: string[], io: Io) => Promise<string>;
}

const COMMANDS: Record<string, Command> = {
  setup: { run: setupCommand, usage: SETUP_USAGE },
  status: { run: statusCommand, usage: STATUS_USAGE },
  export: { run: exportCommand, usage: EXPORT_USAGE },
  assess: { run: assessCommand, usage: ASSESS_USAGE, help: assessHelp },
  report: { run: reportCommand, usage: REPORT_USAGE },
  sync: { run: syncCommand, usage: SYNC_USAGE },
  exempt: { run: exemptCommand, usage: EXEMPT_USAGE },
  unexempt: { run: unexemptCommand, usage: UNEXEMPT_USAGE },
  campaign: { run: campaignCommand, usage: CAMPAIGN_USAGE },
  demo: { run: demoCommand, usage: DEMO_USAGE },
};

function usage(): string {
  return `Usage: sre-tracker <command> [options]\n\n${Object.values(COMMANDS)
    .map((c) => c.usage)
    .join('\n')}\n\nCommon options: --dir DIR (data folder; default $SRE_TRACKER_DIR or the current folder), --verbose, --help\n`;
}

export async function run(argv: string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  const verbose = args.includes('--verbose');
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`sre-tracker: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout(command.help ? await command.help(args, io) : `${command.usage}\n`);
      return 0;
    }
    return await command.run(args, io);
  } catch (e) {
    io.stderr(`sre-tracker ${name}: ${describeError(e, (key) => `set ${ENV_NAME[key]} (in the environment or .env)`)}\n`);
    if (verbose && e instanceof Error && e.stack) io.stderr(`${redact(e.stack)}\n`);
    else if (stackOf(e)) io.stderr('Run again with --verbose to see where it failed.\n');
    return e instanceof SreError && e.kind === 'input' ? 2 : 1;
  }
}
