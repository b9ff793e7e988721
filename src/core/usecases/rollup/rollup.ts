/**
 * The organisation's view: many data folders (one per team's repository) read one by one, read-only, into one
 * summary: per workspace, owner, tier and pillar scores, the worst items, overdue campaigns, expired exemptions,
 * and how their models differ. A folder that cannot be read is listed with the reason and the rest go on.
 */
import { percent, scoreOf } from '../../../shared/score';
import { isoDay } from '../../../shared/status';
import { type Campaign, campaignProgress } from '../../domain/campaigns';
import { type ItemView } from '../../domain/items';
import { ANY_KIND_GROUP, type Dimension } from '../../domain/scores';
import { addTrend, scoresWithTrends, type ScoreTrend, type Trends } from '../../domain/trends';
import { describeError } from '../../errors';
import { type DataFiles, type DataStore, type ItemSource, type StatusSource, type TrendSource } from '../ports';

export interface WorstItem {
  workspace: string;
  key: string;
  owner: string;
  tier: number | null;
  level: number | null;
  target: number | null;
}

export interface Rollup {
  workspaces: (ScoreTrend & { dir: string })[];
  problems: { dir: string; reason: string }[];
  byOwner: ScoreTrend[];
  byTier: ScoreTrend[];
  byPillar: ScoreTrend[];
  /** By asset kind: empty when no workspace gives its assets kinds. */
  byKind: ScoreTrend[];
  /** Red items, most critical tier first, then furthest below target. */
  worst: WorstItem[];
  overdueCampaigns: { workspace: string; name: string; due: string; done: number; total: number }[];
  expiredExemptions: { workspace: string; key: string; until: string }[];
  /** Capabilities some workspaces have and these lack: shown as missing, never counted as Red. */
  modelDifferences: { workspace: string; missing: string[] }[];
}

const WORST = 50;

/** Adds a group's counts and trend into a running total by name (scores are shares, so they are recomputed from the sums). */
function add(into: Map<string, ScoreTrend>, s: ScoreTrend): void {
  const t = into.get(s.name) ?? {
    name: s.name,
    inScope: 0,
    atTarget: 0,
    score: 100,
    red: 0,
    amber: 0,
    green: 0,
    trend: [],
  };
  t.inScope += s.inScope;
  t.atTarget += s.atTarget;
  t.red += s.red;
  t.amber += s.amber;
  t.green += s.green;
  t.score = percent(t.atTarget, t.inScope);
  t.trend = addTrend(t.trend, s.trend);
  into.set(s.name, t);
}

const sorted = (m: Map<string, ScoreTrend>) =>
  [...m.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** What the roll-up reads of a data folder. */
/** What a folder lends the roll-up: enough for its report and for its metrics (usecases/metrics). */
export type RollupWorkspace = ItemSource & TrendSource & StatusSource & DataFiles & DataStore;

/** A data folder to read: named as the caller says (its path, relative, or the VS Code folder's name). */
export interface RollupSource {
  dir: string;
  name: string;
  /** Opens it with its own settings (its .env); the CLI opens each in turn, VS Code lends the ones it has open. */
  open(): Promise<RollupWorkspace>;
  /** Closes what `open` gave, when the roll-up opened it. */
  close(ws: RollupWorkspace): void;
}

/** One workspace as the roll-up counts it, from what its reader already read (VS Code's dashboard shares it). */
export interface WorkspaceReading {
  name: string;
  dir: string;
  ws: ItemSource;
  /** Its items at the roll-up's time, their trends (Workspace.trends) and its campaigns. */
  items: readonly ItemView[];
  trends: Trends;
  campaigns: readonly Campaign[];
}

/** The roll-up built a workspace at a time: `add` each one read, `unreadable` each one that could not be. */
export class RollupTotals {
  private readonly result: Rollup = {
    workspaces: [],
    problems: [],
    byOwner: [],
    byTier: [],
    byPillar: [],
    byKind: [],
    worst: [],
    overdueCampaigns: [],
    expiredExemptions: [],
    modelDifferences: [],
  };
  private readonly totals: Record<Exclude<Dimension, 'flow'>, Map<string, ScoreTrend>> = {
    owner: new Map(),
    tier: new Map(),
    pillar: new Map(),
    kind: new Map(),
  };
  /** Each workspace's capabilities, to tell how the models differ. */
  private readonly models: { name: string; capabilities: Set<string> }[] = [];

  constructor(private readonly now: Date) {}

  add({ name, dir, ws, items, trends: t, campaigns }: WorkspaceReading): void {
    this.models.push({ name, capabilities: new Set(ws.model().capabilities.map((c) => c.name)) });
    this.result.workspaces.push({ ...scoreOf(name, items), trend: t.of('all', ''), dir });
    for (const by of ['owner', 'tier', 'pillar', 'kind'] as const)
      for (const s of scoresWithTrends(items, by, t)) add(this.totals[by], s);
    this.result.worst = [
      ...this.result.worst,
      ...items
        .filter((i) => i.status === 'Red')
        .map((i) => ({
          workspace: name,
          key: i.key,
          owner: i.owner,
          tier: i.tier ?? null,
          level: i.level,
          target: i.target ?? null,
        })),
    ]
      .sort(
        (a, b) =>
          (a.tier ?? 99) - (b.tier ?? 99) ||
          (b.target ?? 0) - (b.level ?? 0) - ((a.target ?? 0) - (a.level ?? 0)) ||
          (a.key < b.key ? -1 : 1),
      )
      .slice(0, WORST);
    for (const p of campaignProgress(campaigns, items, isoDay(this.now)).filter((c) => c.overdue && c.done < c.total)) {
      this.result.overdueCampaigns.push({
        workspace: name,
        name: p.campaign.name,
        due: p.campaign.due,
        done: p.done,
        total: p.total,
      });
    }
    for (const i of items.filter((x) => x.status === 'Exemption expired')) {
      this.result.expiredExemptions.push({ workspace: name, key: i.key, until: i.exemptUntil ?? '' });
    }
  }

  unreadable(dir: string, reason: string): void {
    this.result.problems.push({ dir, reason });
  }

  private kindsInUse(): boolean {
    return [...this.totals.kind.keys()].some((name) => name !== ANY_KIND_GROUP);
  }

  rollup(): Rollup {
    const all = new Set(this.models.flatMap((m) => [...m.capabilities]));
    const modelDifferences: Rollup['modelDifferences'] = [];
    for (const { name, capabilities } of this.models) {
      const missing = [...all].filter((c) => !capabilities.has(c)).sort();
      if (missing.length) modelDifferences.push({ workspace: name, missing });
    }
    return {
      ...this.result,
      modelDifferences,
      byOwner: sorted(this.totals.owner),
      byTier: sorted(this.totals.tier),
      byPillar: sorted(this.totals.pillar),
      // Assets without a kind all fall under one group: alone, that table would say nothing.
      byKind: this.kindsInUse() ? sorted(this.totals.kind) : [],
    };
  }
}

/** Opens, reads and closes each folder in turn. */
export async function rollup(folders: readonly RollupSource[], now: Date = new Date()): Promise<Rollup> {
  const totals = new RollupTotals(now);
  for (const source of folders) {
    let ws: RollupWorkspace | undefined;
    try {
      ws = await source.open();
      const items = ws.items(now);
      // campaigns.csv is read before anything is counted, so a workspace counts whole or not at all.
      const campaigns = ws.campaigns();
      totals.add({ name: source.name, dir: source.dir, ws, items, trends: ws.trends(items, now), campaigns });
    } catch (e) {
      totals.unreadable(source.dir, describeError(e));
    } finally {
      if (ws) source.close(ws);
    }
  }
  return totals.rollup();
}
