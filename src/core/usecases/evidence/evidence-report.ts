/** What the repository shows per asset and question, as `sre-tracker evidence --json` prints it and an assistant reads it. */
import { pickName } from '../../domain/item-lookup';
import { capabilityFor } from '../../domain/kinds';
import { type DataFiles, type ItemSource } from '../ports';
import { evidenceFor } from './evidence-map';
import { workspaceEvidence } from './workspace-evidence';

export function evidenceReport(ws: DataFiles & ItemSource, only: { flow?: string; asset?: string } = {}) {
  const { flows, map, scan } = workspaceEvidence(ws);
  const flow =
    only.flow === undefined
      ? undefined
      : pickName(
          'flow',
          only.flow,
          flows.map((f) => f.name),
        );
  const inFlow = flows.filter((f) => !flow || f.name === flow);
  const asset =
    only.asset === undefined
      ? undefined
      : pickName(
          'asset',
          only.asset,
          inFlow.flatMap((f) => f.assets.map((a) => a.name)),
        );
  const model = ws.model();
  const assets = scan.assets
    .filter((a) => (!flow || a.flowName === flow) && (!asset || a.assetName === asset))
    .map((a) => ({
      flow: a.flowName,
      asset: a.assetName,
      paths: a.paths,
      kind: a.kind || null,
      suggestedKind: a.suggestedKind ?? null,
      findings: a.findings,
      // Only what the model asks this kind of asset (domain/kinds.ts).
      questions: model.capabilities.flatMap((c) => {
        const asked = capabilityFor(c, a.kind);
        return asked
          ? evidenceFor(asked, map, a).map((q) => ({ capability: c.name, ...q, suggested: 'yes' as const }))
          : [];
      }),
    }));
  return { version: 1 as const, assets, problems: scan.problems };
}

export type EvidenceReport = ReturnType<typeof evidenceReport>;

/** The assets flows.csv gives no kind whose files suggest one: "orders-db: database", for set-up to offer. */
export function kindSuggestions(ws: DataFiles & ItemSource): string[] {
  return evidenceReport(ws).assets.flatMap((a) =>
    !a.kind && a.suggestedKind ? [`${a.flow} / ${a.asset}: ${a.suggestedKind.kind}`] : [],
  );
}
