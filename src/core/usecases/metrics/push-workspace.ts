/**
 * Pushes workspaces' metrics to a Pushgateway, each under its own grouping key, after checking that the group is
 * not another repository's: a PUT replaces the whole group, so a name two repositories share would silently keep
 * only the last one's series.
 */
import { describeError, inputError } from '../../errors';
import {
  deleteMetrics,
  type PushedGroup,
  pushedGroups,
  pushMetrics,
  type PushOptions,
} from '../../integrations/prometheus/pushgateway';
import { type Granularity } from '../../settings';
import { maturityMetrics, type MetricsSource, type WorkspaceIdentity } from './maturity-metrics';

export type PushSource = MetricsSource & { name: string; identity: WorkspaceIdentity };

/** Says what happened, one line each: the CLI prints them, VS Code logs them. */
export type Say = (line: string) => void;

/** The group `name` on the gateway when another repository or folder pushed it. */
export function collision(groups: readonly PushedGroup[], source: PushSource): PushedGroup | undefined {
  return groups.find(
    (g) =>
      g.workspace === source.name &&
      g.identity !== undefined &&
      (g.identity.repository !== source.identity.repository || g.identity.folder !== source.identity.folder),
  );
}

/**
 * The gateway's groups, to check names against; undefined, said, when they cannot be read (a gateway behind a
 * proxy that only lets pushes through): the push then goes on as it always could.
 */
export async function groupsOn(gateway: PushOptions, say: Say): Promise<PushedGroup[] | undefined> {
  try {
    return await pushedGroups(gateway);
  } catch (e) {
    say(`could not read the gateway's groups to check for a name another repository uses: ${describeError(e)}`);
    return undefined;
  }
}

/** Pushes one workspace, refusing a name another repository's group holds. */
export async function pushWorkspace(
  gateway: PushOptions,
  source: PushSource,
  granularity: Granularity,
  groups: readonly PushedGroup[] | undefined,
): Promise<void> {
  const taken = groups && collision(groups, source);
  if (taken?.identity)
    throw inputError(
      `the Pushgateway already holds workspace="${source.name}" from ${taken.identity.repository} (folder ${taken.identity.folder}), not ${source.identity.repository} (folder ${source.identity.folder}): push under another name with --workspace NAME, or delete that group first with sre-tracker metrics --delete --workspace "${source.name}"`,
    );
  const text = await maturityMetrics([source], { granularity, openMetrics: false, now: new Date() });
  await pushMetrics(gateway, source.name, text);
}

/** Deletes the groups a roll-up pushed before for workspaces it did not find now. */
export async function pruneRollupGroups(
  gateway: PushOptions,
  groups: readonly PushedGroup[],
  found: ReadonlySet<string>,
  say: Say,
): Promise<void> {
  for (const g of groups)
    if (g.identity?.via === 'rollup' && !found.has(g.workspace)) {
      await deleteMetrics(gateway, g.workspace);
      say(
        `deleted workspace="${g.workspace}" (${g.identity.repository}, folder ${g.identity.folder}): no longer found`,
      );
    }
}
