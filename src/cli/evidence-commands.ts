/** `sre-tracker evidence` (what the repository shows, per asset and question) and `sre-tracker check` (the CI gate). */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { printable } from '../core/domain/control-characters';
import { asOf } from '../core/domain/dates';
import { pathMatcher } from '../core/domain/path-match';
import { inputError } from '../core/errors';
import { FILES } from '../core/storage/data-files';
import { writeOutputFile } from '../core/storage/output-file';
import { readSnapshot, snapshotOf } from '../core/storage/snapshot';
import { checkJson, checkWorkspace, githubAnnotations, junitXml } from '../core/usecases/check';
import { evidenceReport } from '../core/usecases/evidence/evidence-report';
import { recordEvidenceChanges } from '../core/usecases/evidence/workspace-evidence';
import { flowsOf } from '../core/usecases/flows-file';
import { commitOf } from '../core/usecases/merge/folder-at';
import { git } from '../core/usecases/merge/git';
import { databaseAt } from '../core/usecases/merge/merge-files';
import { type Workspace } from '../core/workspace';
import { parse } from './args';
import { cliContext, openWorkspace, openWorkspaceAt } from './context';
import { type Io } from './io';
import { textTable } from './table';

export async function evidenceCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, { flow: { type: 'string' }, asset: { type: 'string' }, json: { type: 'boolean' } });
  const ws = await openWorkspace(cliContext(io, values.dir));
  try {
    const { assets, problems } = evidenceReport(ws, { flow: values.flow, asset: values.asset });
    // What changed under an assessment is kept from now on: evidence that comes back does not re-stamp it.
    const recorded = recordEvidenceChanges(ws, new Date());
    const said = recorded.map(
      (key) =>
        `${key}: stale until re-assessed, the evidence its answers rest on changed: ${printable(ws.item(key)?.evidenceChanged ?? '')}\n`,
    );
    if (values.json) {
      io.stdout(`${JSON.stringify({ version: 1, assets, problems }, null, 2)}\n`);
      said.forEach((line) => io.stderr(line));
      return 0;
    }
    said.forEach((line) => io.stdout(line));
    // What a repository holds is printed escaped: a name with a line break must not start a line of its own (a
    // `::error::` workflow command in a CI log).
    for (const a of assets) {
      io.stdout(`${printable(a.flow)} / ${printable(a.asset)}: ${a.findings.length} finding(s)\n`);
      if (a.findings.length === 0)
        io.stdout(
          a.paths.length === 0
            ? '  nothing found (give the asset its folders in the path column of flows.csv)\n'
            : '  nothing found in its paths\n',
        );
      const suggested = a.suggestedKind;
      if (suggested && suggested.kind !== a.kind)
        io.stdout(
          `  kind: ${suggested.kind} suggested for flows.csv (${printable(suggested.file)}:${suggested.line} ${printable(suggested.why)})${a.kind ? `; flows.csv says ${a.kind}` : ''}\n`,
        );
      for (const q of a.questions) {
        io.stdout(`  ${q.capability}: ${q.question} → suggested yes\n`);
        for (const f of q.findings) io.stdout(`    ${printable(f.file)}:${f.line} ${printable(f.detail)}\n`);
      }
    }
    for (const p of problems) io.stderr(`sre-tracker evidence: ${printable(p)}\n`);
    return 0;
  } finally {
    ws.dispose();
  }
}

/** Item keys whose assessment changed since `ref`, or whose asset's files did (its paths in flows.csv). */
async function changedSince(ws: Workspace, ref: string): Promise<Set<string>> {
  const commit = await commitOf(ws.dir, ref, '--changed-since');
  const then = await databaseAt(ws.dir, commit);
  const before = then ? await snapshotOf(then) : undefined;
  if (then) fs.rmSync(path.dirname(then), { recursive: true, force: true });
  const now = ws.store.read(readSnapshot); // the open store, not a second read of the file
  const keys = new Set(
    [...now.items]
      .filter(([key, state]) => JSON.stringify(before?.items.get(key)) !== JSON.stringify(state))
      .map(([key]) => key),
  );
  const flows = flowsOf(ws);
  const changedFiles = (await git(ws.dir, ['diff', '--name-only', '--relative', '--end-of-options', commit, '--', '.']))
    .split('\n')
    .filter(Boolean);
  for (const flow of flows) {
    for (const asset of flow.assets) {
      const touched = asset.paths.some((p) => changedFiles.some(pathMatcher(p, true)));
      if (touched) for (const key of now.items.keys()) if (key.startsWith(`${flow.key}/${asset.key}/`)) keys.add(key);
    }
  }
  return keys;
}

const FORMATS = ['text', 'json', 'junit', 'github'] as const;

export async function checkCommand(args: string[], io: Io): Promise<number> {
  const { values } = parse(args, {
    'fail-on': { type: 'string', multiple: true },
    flows: { type: 'string' },
    tiers: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
    'changed-since': { type: 'string' },
    'as-of': { type: 'string' },
    at: { type: 'string' },
  });
  const format = values.format ?? 'text';
  const now = asOf(values['as-of']);
  if (!(FORMATS as readonly string[]).includes(format))
    throw inputError(`--format must be one of ${FORMATS.join(', ')}, not "${format}"`);
  const ctx = cliContext(io, values.dir);
  const ws = await openWorkspaceAt(ctx, values.at);
  try {
    const list = (v: string | undefined) => (v ?? '').split(';').filter(Boolean);
    const result = await checkWorkspace(
      ws,
      {
        failOn: values['fail-on'] ?? [],
        flows: list(values.flows),
        tiers: list(values.tiers),
        keys: values['changed-since'] ? await changedSince(ws, values['changed-since']) : undefined,
        now,
      },
      path.relative(io.cwd, path.join(ctx.dir, FILES.flows)) || FILES.flows,
    );
    const rules = result.rules;
    const output =
      format === 'json'
        ? checkJson(result)
        : format === 'junit'
          ? junitXml(result)
          : format === 'github'
            ? githubAnnotations(result)
            : result.failures.length === 0
              ? ''
              : textTable(
                  ['Item', 'Rules', 'Why'],
                  result.failures.map((f) => [f.key, f.rules.join(', '), printable(f.reason)]),
                );
    if (values.out) writeOutputFile(path.resolve(io.cwd, values.out), output);
    else io.stdout(output);
    const summary = `${result.failures.length} of ${result.checked.length} item(s) in scope break ${rules.join(', ')}`;
    io.stderr(
      `sre-tracker check: ${result.failures.length === 0 ? `ok: none of ${result.checked.length} item(s) in scope breaks ${rules.join(', ')}` : summary}\n`,
    );
    return result.failures.length === 0 ? 0 : 1;
  } finally {
    ws.dispose();
  }
}
