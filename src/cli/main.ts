/** The sre-tracker command line: dispatches to a command, maps errors to exit codes (1 failure, 2 bad input). */
import { version } from '../../package.json';
import { describeError, redact, SreError, stackOf } from '../core/errors';
import { type Io } from './io';
import * as USAGE from './usage';

interface Command {
  /** Loaded where the line names the registered services (service-usage.ts): the registry loads only then. */
  usage: string | (() => Promise<string>);
  /**
   * Loads the command's module when it runs, so `--help` and a short command never load what they do not use
   * (axios, parse5, the reports). Returns the command and, where it has one, a help longer than the usage line.
   */
  load: () => Promise<{
    run: (args: string[], io: Io) => Promise<number>;
    help?: (args: string[], io: Io) => Promise<string>;
  }>;
}

const COMMANDS: Record<string, Command> = {
  setup: { usage: USAGE.SETUP_USAGE, load: async () => ({ run: (await import('./setup-command')).setupCommand }) },
  status: { usage: USAGE.STATUS_USAGE, load: async () => ({ run: (await import('./status-command')).statusCommand }) },
  export: { usage: USAGE.EXPORT_USAGE, load: async () => ({ run: (await import('./export-command')).exportCommand }) },
  assess: {
    usage: USAGE.ASSESS_USAGE,
    load: async () => {
      const m = await import('./assess-command');
      return { run: m.assessCommand, help: m.assessHelp };
    },
  },
  report: { usage: USAGE.REPORT_USAGE, load: async () => ({ run: (await import('./report-command')).reportCommand }) },
  sync: {
    usage: async () => (await import('./service-usage')).syncUsage(),
    load: async () => ({ run: (await import('./sync-command')).syncCommand }),
  },
  'create-work': {
    usage: async () => (await import('./service-usage')).createWorkUsage(),
    load: async () => ({ run: (await import('./create-work-command')).createWorkCommand }),
  },
  'not-applicable': {
    usage: USAGE.EXEMPT_USAGE,
    load: async () => ({ run: (await import('./exempt-command')).exemptCommand }),
  },
  'clear-not-applicable': {
    usage: USAGE.UNEXEMPT_USAGE,
    load: async () => ({ run: (await import('./exempt-command')).unexemptCommand }),
  },
  'approve-not-applicable': {
    usage: USAGE.APPROVE_USAGE,
    load: async () => ({ run: (await import('./exempt-command')).approveCommand }),
  },
  'reject-not-applicable': {
    usage: USAGE.REJECT_USAGE,
    load: async () => ({ run: (await import('./exempt-command')).rejectCommand }),
  },
  // The names before "Not applicable" became the one term (issue 28.16): scripts keep working.
  exempt: { usage: '', load: async () => ({ run: (await import('./exempt-command')).exemptCommand }) },
  unexempt: { usage: '', load: async () => ({ run: (await import('./exempt-command')).unexemptCommand }) },
  campaign: {
    usage: USAGE.CAMPAIGN_USAGE,
    load: async () => ({ run: (await import('./campaign-command')).campaignCommand }),
  },
  demo: { usage: USAGE.DEMO_USAGE, load: async () => ({ run: (await import('./demo-command')).demoCommand }) },
  'git-setup': {
    usage: USAGE.GIT_SETUP_USAGE,
    load: async () => ({ run: (await import('./git-commands')).gitSetupCommand }),
  },
  'merge-db': {
    usage: USAGE.MERGE_DB_USAGE,
    load: async () => ({ run: (await import('./git-commands')).mergeDbCommand }),
  },
  dump: { usage: USAGE.DUMP_USAGE, load: async () => ({ run: (await import('./git-commands')).dumpCommand }) },
  evidence: {
    usage: USAGE.EVIDENCE_USAGE,
    load: async () => ({ run: (await import('./evidence-commands')).evidenceCommand }),
  },
  diff: { usage: USAGE.DIFF_USAGE, load: async () => ({ run: (await import('./diff-command')).diffCommand }) },
  check: { usage: USAGE.CHECK_USAGE, load: async () => ({ run: (await import('./evidence-commands')).checkCommand }) },
  rollup: { usage: USAGE.ROLLUP_USAGE, load: async () => ({ run: (await import('./rollup-command')).rollupCommand }) },
  metrics: {
    usage: USAGE.METRICS_USAGE,
    load: async () => ({ run: (await import('./metrics-command')).metricsCommand }),
  },
  mcp: { usage: USAGE.MCP_USAGE, load: async () => ({ run: (await import('./mcp-command')).mcpCommand }) },
  model: { usage: USAGE.MODEL_USAGE, load: async () => ({ run: (await import('./model-command')).modelCommand }) },
};

const usageOf = async (c: Command) => (typeof c.usage === 'function' ? c.usage() : c.usage);

async function usage(): Promise<string> {
  return `Usage: sre-tracker <command> [options]\n\n${(await Promise.all(Object.values(COMMANDS).map(usageOf)))
    .filter(Boolean)
    .join(
      '\n',
    )}\n\nsre-tracker --version prints the version.\nCommon options: --dir DIR (data folder; default $SRE_TRACKER_DIR or the current folder), --verbose, --help\n`;
}

export async function run(argv: string[], io: Io): Promise<number> {
  const [name, ...args] = argv;
  const verbose = args.includes('--verbose');
  if (name === '--version') {
    io.stdout(`sre-tracker ${version}\n`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(await usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`sre-tracker: unknown command "${name}"\n${await usage()}`);
    return 2;
  }
  try {
    if (args.includes('--help') || args.includes('-h')) {
      const { help } = await command.load();
      io.stdout(help ? await help(args, io) : `${await usageOf(command)}\n`);
      return 0;
    }
    return await (await command.load()).run(args, io);
  } catch (e) {
    // Loaded only on this path: naming a service's variable needs the registry, which `--help` never should.
    const { envName } = await import('./env-names');
    io.stderr(
      `sre-tracker ${name}: ${describeError(e, (key) => `set ${envName(key)} (in the environment or .env)`)}\n`,
    );
    if (verbose && e instanceof Error && e.stack) io.stderr(`${redact(e.stack)}\n`);
    else if (stackOf(e)) io.stderr('Run again with --verbose to see where it failed.\n');
    return e instanceof SreError && e.kind === 'input' ? 2 : 1;
  }
}
