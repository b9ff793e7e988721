/**
 * An evidence format that exists only in tests, added the way a new format is: one module, one registration. A
 * made-up tool's failover drill files (`apiVersion: drills.example/v1` and a `drill`, no Kubernetes `kind`): a kind
 * of evidence of its own, supporting a question of the built-in model no other evidence answers.
 */
import { isObject, text } from '../../../src/core/usecases/evidence/finding';
import { apiOf, type EvidenceFormat, inText } from '../../../src/core/usecases/evidence/formats/format';
import { addedKind } from '../../../src/core/usecases/evidence/kinds';

const FAILOVER_DRILLS = addedKind('failover-drills');

/** The question of the built-in model a drill supports. */
export const FAILOVER_QUESTION = 'Is failover automatic and tested at least once a year?';

export const drillFormat: EvidenceFormat = {
  name: 'drills.example drills',
  mayBeIn: inText(apiOf('drills.example/')),
  adds: [{ kind: FAILOVER_DRILLS, shows: 'failover drills (drills.example)', supports: [FAILOVER_QUESTION] }],
  resource: (data, at, file) =>
    text(data.apiVersion).startsWith('drills.example/') && isObject(data.drill)
      ? [
          {
            kind: FAILOVER_DRILLS,
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
