/**
 * Scans the repository for each asset's evidence: only files under the asset's paths (flows.csv's `path` column)
 * and the repository's CODEOWNERS, each file read and parsed once however many assets share it. Nothing is
 * silent and nothing is fatal: a path that matches nothing, a file skipped or that fails to parse, a path that
 * leaves the repository are each listed under `problems`, and the rest is still reported.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { type Flow } from '../../domain/flows';
import { ChartIndex } from './chart-index';
import { codeownerFindings, CODEOWNERS } from './codeowners';
import { collect, documentFinding, type Finding } from './collectors';
import { fingerprintOf } from './fingerprint';
import { type KindSuggestion, suggestKind } from './kind-suggestion';
import { withBases } from './kustomize-bases';
import { inside, RepositoryReader, slashed } from './repository-reader';

export interface AssetEvidence {
  flowKey: string;
  flowName: string;
  assetKey: string;
  assetName: string;
  /** The asset's row in flows.csv. */
  line: number;
  /** Its `path` entries, as given. */
  paths: string[];
  findings: Finding[];
  /** Its `kind` in flows.csv; '' for any. */
  kind: string;
  /** What its files say it is, for flows.csv's `kind`. */
  suggestedKind: KindSuggestion | undefined;
}

export interface Scan {
  assets: AssetEvidence[];
  /** Paths that match nothing or leave the repository, files skipped, unreadable or unparsable: said, never fatal. */
  problems: string[];
}

/** Each asset's evidence, file by file: every file read and parsed once, whichever assets share it. */
class AssetScan {
  private readonly perFile = new Map<string, Finding[]>();
  /** Each file's text, read once: the findings and the kind suggestion both look at it. */
  private readonly texts = new Map<string, string>();
  private readonly charts: ChartIndex;
  private readonly owners: { file: string; content: string } | undefined;

  constructor(private readonly reader: RepositoryReader) {
    this.charts = new ChartIndex(reader);
    const ownersFile = CODEOWNERS.find((f) => fs.existsSync(path.join(reader.repo, f)));
    const file = ownersFile && slashed(path.relative(reader.root, path.join(reader.repo, ownersFile)));
    this.owners = file === undefined ? undefined : { file, content: reader.read(file) ?? '' };
  }

  asset(flow: Flow, asset: Flow['assets'][number]): AssetEvidence {
    const { reader } = this;
    const where = `flows.csv line ${asset.line}, column path`;
    const files = withBases(
      reader,
      asset.paths.flatMap((p) => reader.filesOf(p, where)),
    );
    // CODEOWNERS patterns are relative to the repository, asset paths to the data folder.
    const fromRepo = asset.paths.map((p) => slashed(path.relative(reader.repo, path.resolve(reader.root, p))));
    const fromFiles = files.flatMap((f) => this.findingsOf(f));
    const owners = this.owners;
    return {
      flowKey: flow.key,
      flowName: flow.name,
      assetKey: asset.key,
      assetName: asset.name,
      line: asset.line,
      paths: asset.paths,
      findings: [
        ...fromFiles,
        ...this.linkedRunbooks(fromFiles, files),
        ...(owners && asset.paths.length ? codeownerFindings(owners.file, owners.content, fromRepo) : []),
      ],
      kind: asset.kind,
      suggestedKind: suggestKind(
        files.flatMap((file) => {
          const text = this.texts.get(file);
          return text === undefined ? [] : [{ file, text }];
        }),
      ),
    };
  }

  private findingsOf(file: string): Finding[] {
    let found = this.perFile.get(file);
    if (found) return found;
    const problems = this.reader.problems;
    const document = documentFinding(file);
    const content = document ? undefined : this.reader.read(file);
    if (content !== undefined) this.texts.set(file, content);
    try {
      found = document
        ? [document]
        : content === undefined
          ? []
          : collect(file, content, (m) => problems.push(m), {
              chart: this.charts.chartOf(file),
              valuesOf: this.charts.valuesChartOf(file),
            });
    } catch (e) {
      // One file never ends the scan: its reason is listed, the rest is reported.
      problems.push(`${file}: ${(e as Error).message.split('\n')[0]}`);
      found = [];
    }
    this.perFile.set(file, found);
    return found;
  }

  /** The runbooks alerts link by a path in the repository, wherever they live: once each, not twice. */
  private linkedRunbooks(found: readonly Finding[], files: readonly string[]): Finding[] {
    const { root, repo } = this.reader;
    const targets = new Set<string>();
    for (const f of found) {
      if (!f.link) continue;
      const link = f.link.replace(/[#?].*$/, '');
      // `/docs/x.md` (a forge's file address) is from the repository's root, anything else from the file's folder.
      const full = link.startsWith('/') ? path.join(repo, link) : path.resolve(root, path.posix.dirname(f.file), link);
      const target = slashed(path.relative(root, full));
      if (!files.includes(target) && inside(repo, full) && fs.statSync(full, { throwIfNoEntry: false })?.isFile())
        targets.add(target);
    }
    return [...targets].map((file) => ({
      kind: 'runbooks' as const,
      file,
      line: 1,
      detail: 'runbook an alert links',
      fingerprint: fingerprintOf('runbooks', 'runbook an alert links'),
    }));
  }
}

export function scanEvidence(root: string, flows: readonly Flow[]): Scan {
  const reader = new RepositoryReader(root);
  const scan = new AssetScan(reader);
  const assets = flows.flatMap((flow) => flow.assets.map((asset) => scan.asset(flow, asset)));
  return { assets, problems: [...new Set(reader.problems)] };
}
