/**
 * An evidence format that exists only in tests, added the way a new format is: one module, one registration. A
 * made-up chaos tool's drill files (`apiVersion: drills.example/v1` and a `drill`, no Kubernetes `kind`), found as
 * chaos experiments.
 */
import { isObject, text } from '../../../src/core/usecases/evidence/finding';
import { apiOf, type EvidenceFormat, inText } from '../../../src/core/usecases/evidence/formats/format';

export const drillFormat: EvidenceFormat = {
  name: 'drills.example drills',
  mayBeIn: inText(apiOf('drills.example/')),
  resource: (data, at, file) =>
    text(data.apiVersion).startsWith('drills.example/') && isObject(data.drill)
      ? [
          {
            kind: 'chaos-experiments',
            file,
            line: at(['drill']),
            detail: `drill ${text(data.drill.name) || file} (drills.example)`,
          },
        ]
      : undefined,
};

/** A drill as a team keeps it beside its service: nothing a filter written before the format would know. */
export const DRILL_YAML = `# Run every quarter by the payments team
apiVersion: drills.example/v1
drill:
  name: payments-db-failover
  target: payments-db
`;
