/**
 * The assistant tools in VS Code: the read tools (and the two that record answers) as language-model tools Copilot's
 * agent mode calls by `#sre…` references, and the MCP server registered for the workspace where VS Code can take
 * one. Both run the tools core defines for `sre-tracker mcp`.
 */
import * as path from 'node:path';

import * as vscode from 'vscode';

import { describeError } from '../core/errors';
import { type AssistantTool } from '../core/usecases/assistant/tool-kit';
import { ASSISTANT_TOOLS, DATA_NOTICE, runTool } from '../core/usecases/assistant/tools';
import { viaAssistant } from '../core/usecases/assistant/write-tools';
import { currentUser } from './actor';
import { type Ctx } from './ctx';
import { CONTEXT } from './ids';

/** The tools VS Code gets: all but create_work, which needs the sync's credentials (the tree's Create Story does it). */
export const LM_TOOLS: readonly AssistantTool[] = ASSISTANT_TOOLS.filter((t) => t.name !== 'create_work');

/** `list_items` → `sre_list_items`: tool names are global in VS Code. */
export const lmToolName = (tool: AssistantTool): string => `sre_${tool.name}`;

/** `list_items` → `sreListItems`: what a chat message references as `#sreListItems`. */
export const lmReferenceName = (tool: AssistantTool): string =>
  `sre${tool.name.replace(/(^|_)(\w)/g, (_, _sep: string, c: string) => c.toUpperCase())}`;

/** The folder a tool reads: the one with data, else the one of the file being edited, else the first. */
async function folderFor(ctx: Ctx): Promise<vscode.WorkspaceFolder> {
  const withData = ctx.folders.all().filter((f) => ctx.folders.hasData(f));
  const active = vscode.window.activeTextEditor?.document.uri;
  const editing = active && vscode.workspace.getWorkspaceFolder(active);
  const folder = withData.length === 1 ? withData[0] : (withData.find((f) => f === editing) ?? withData[0]);
  if (!folder) throw new Error('no folder of this workspace has SRE data: run "SRE: Set Up Workspace" first');
  return folder;
}

/** What a write will save, said in the confirmation VS Code shows before it runs. */
function confirmation(
  tool: AssistantTool,
  input: Record<string, unknown>,
): vscode.LanguageModelToolConfirmationMessages {
  const item = `${String(input.flow)} / ${String(input.asset)} / ${String(input.capability)}`;
  const lines =
    tool.name === 'record_assessment'
      ? [
          input.level !== undefined
            ? `Level ${String(input.level)}: yes to every question up to it, no above.`
            : `Answers: ${Object.entries((input.answers as Record<string, boolean> | undefined) ?? {})
                .map(([q, a]) => `"${q}" ${a ? 'yes' : 'no'}`)
                .join('; ')}.`,
          input.notes !== undefined ? `Notes: ${String(input.notes)}` : 'Notes: kept as they are.',
        ]
      : [`Reason: ${String(input.reason)}`, `Review date: ${input.until ? String(input.until) : 'none'}`];
  // What the model wrote is shown as text: markup in it cannot change what the person reads.
  const message = new vscode.MarkdownString();
  for (const line of [...lines, `Saved to sre_data.db with a history row as ${viaAssistant(currentUser())}.`])
    message.appendText(line).appendMarkdown('\n\n');
  return { title: `${tool.title}: ${item}`, message };
}

/**
 * Registers the language-model tools: all of them where VS Code has no MCP API, else only the two writes (which
 * ask for confirmation in VS Code), since the MCP server already offers the reads: one set of tools, not two.
 */
export function registerAssistantTools(ctx: Ctx): vscode.Disposable[] {
  // The API is in every VS Code of the engine range; a host without it (another editor) just has no tools.
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  // package.json's `when` clauses read this, so VS Code offers the read tools only where they are registered.
  void vscode.commands.executeCommand('setContext', CONTEXT.mcpServers, mcpApi() !== undefined);
  return LM_TOOLS.filter(offeredAsLmTool).map((tool) =>
    vscode.lm.registerTool<Record<string, unknown>>(lmToolName(tool), {
      prepareInvocation: (options) =>
        tool.writes
          ? { invocationMessage: `${tool.title}…`, confirmationMessages: confirmation(tool, options.input) }
          : { invocationMessage: `${tool.title}…` },
      invoke: async (options) => {
        if (tool.writes && !vscode.workspace.isTrusted)
          throw new Error(`${tool.name} writes to the workspace, which an untrusted folder does not allow`);
        const folder = await folderFor(ctx);
        const ws = await ctx.folders.require(folder);
        try {
          const result = await runTool(tool, { ws, now: new Date(), by: currentUser() }, options.input);
          const key = result.structured.key;
          if (tool.writes && typeof key === 'string') ctx.changes.item(folder, key);
          return new vscode.LanguageModelToolResult([
            new vscode.LanguageModelTextPart(result.text),
            new vscode.LanguageModelTextPart(DATA_NOTICE),
            new vscode.LanguageModelTextPart(JSON.stringify(result.structured)),
          ]);
        } catch (e) {
          // Said to the model, which can correct its arguments: a near match, the argument at fault.
          throw new Error(`${tool.name}: ${describeError(e)}`, { cause: e });
        }
      },
    }),
  );
}

/**
 * Says which of our tools VS Code has (vscode.lm.tools), by the #reference a chat uses, and how to reach the MCP
 * server; the log gets each server's command line, for another assistant's configuration.
 */
export async function showAssistantTools(ctx: Ctx): Promise<void> {
  const ours = (vscode.lm?.tools ?? []).filter((t) => t.name.startsWith('sre_'));
  // vscode.lm.tools lists what package.json declares: only those we registered count.
  const references = LM_TOOLS.filter((t) => offeredAsLmTool(t) && ours.some((o) => o.name === lmToolName(t))).map(
    (t) => `#${lmReferenceName(t)}`,
  );
  for (const server of mcpServers(ctx)) ctx.log.info(`MCP server definition: ${JSON.stringify(server)}`);
  const mcp = mcpApi()
    ? 'The MCP server "SRE Maturity" offers the read tools for each folder with data (MCP: List Servers).'
    : 'This VS Code has no MCP server API: the tools work alone; other assistants run "sre-tracker mcp".';
  await vscode.window.showInformationMessage(
    references.length
      ? `${references.length} SRE tools are registered for AI assistants: ${references.join(', ')}. ${mcp}`
      : `No SRE tools are registered: this VS Code has no language-model tool API. ${mcp}`,
  );
}

/** One `sre-tracker mcp` server as VS Code starts it. */
export interface McpServer {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * `sre-tracker mcp` for each folder with data, started with the CLI the VSIX ships and the extension host's own
 * Node (Electron run as Node).
 */
export function mcpServers(ctx: Ctx): McpServer[] {
  const cli = path.join(ctx.ext.extensionUri.fsPath, 'dist', 'cli.mjs');
  return ctx.folders
    .all()
    .filter((f) => ctx.folders.hasData(f))
    .map((f) => ({
      label: `SRE Maturity: ${f.name}`,
      command: process.execPath,
      args: [cli, 'mcp', '--dir', ctx.folders.dataDir(f)],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    }));
}

/** The parts of VS Code's MCP API (1.101) used here, for hosts whose types predate it. */
interface McpApi {
  registerMcpServerDefinitionProvider(
    id: string,
    provider: { onDidChangeMcpServerDefinitions?: vscode.Event<void>; provideMcpServerDefinitions(): unknown[] },
  ): vscode.Disposable;
}
type McpStdioDefinition = new (
  label: string,
  command: string,
  args: string[],
  env?: Record<string, string>,
  version?: string,
) => unknown;

/** The provider id, as package.json's `mcpServerDefinitionProviders` declares it. */
export const MCP_PROVIDER = 'sreTracker.mcp';

/** The MCP servers of mcpServers(), registered only where VS Code has the API; older ones keep the tools alone. */
export function registerMcpServers(ctx: Ctx): vscode.Disposable[] {
  const lm = mcpApi();
  const Definition = (vscode as unknown as { McpStdioServerDefinition?: McpStdioDefinition }).McpStdioServerDefinition;
  if (!lm || !Definition) return [];
  const version = (ctx.ext.extension?.packageJSON as { version?: string } | undefined)?.version;
  const served = () =>
    mcpServers(ctx)
      .map((s) => s.args.join(' '))
      .join();
  // A folder set up (or removed) while VS Code runs gets its server without a reload.
  const changed = new vscode.EventEmitter<void>();
  let serving = served();
  const watch = ctx.changes.onDidChange((change) => {
    if (change.key !== undefined || served() === serving) return;
    serving = served();
    changed.fire();
  });
  return [
    changed,
    watch,
    lm.registerMcpServerDefinitionProvider(MCP_PROVIDER, {
      onDidChangeMcpServerDefinitions: changed.event,
      provideMcpServerDefinitions: () =>
        mcpServers(ctx).map((s) => new Definition(s.label, s.command, s.args, s.env, version)),
    }),
  ];
}

/** Whether `tool` is a language-model tool here: the writes always, the reads where no MCP server offers them. */
function offeredAsLmTool(tool: AssistantTool): boolean {
  return tool.writes || mcpApi() === undefined;
}

/** VS Code's MCP API, where this VS Code has it (1.101 and later). */
function mcpApi(): McpApi | undefined {
  const lm = vscode.lm as unknown as Partial<McpApi> | undefined;
  return typeof lm?.registerMcpServerDefinitionProvider === 'function' ? (lm as McpApi) : undefined;
}
