/**
 * Who may approve a Not applicable request (issue 38): approvers.csv in the data folder (`name`, optionally the
 * `flows` and `tiers` each may approve for), else the owners CODEOWNERS gives the data folder; with neither, anyone
 * but the requester.
 */
import { assertNoProblems, readCsv } from './csv-read';

export interface Approver {
  name: string;
  /** Flow names (lower case); empty: every flow. */
  flows: string[];
  /** Empty: every tier. */
  tiers: number[];
}

export interface Approvers {
  /** Where the list comes from, for messages: "approvers.csv", ".github/CODEOWNERS line 4". */
  source: string;
  list: Approver[];
}

export const APPROVER_COLUMNS = ['name'] as const;
export const APPROVER_OPTIONAL_COLUMNS = ['flows', 'tiers'] as const;

const split = (text: string) =>
  text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

export function parseApprovers(text: string, file: string): Approver[] {
  const table = readCsv(text, file, APPROVER_COLUMNS, APPROVER_OPTIONAL_COLUMNS);
  const list: Approver[] = [];
  for (const row of table.rows) {
    const at = (column: string, message: string) => table.problems.push({ file, line: row.line, column, message });
    const name = row.get('name');
    const tiers = split(row.get('tiers'));
    const bad = tiers.find((t) => !/^[1-9]\d*$/.test(t));
    if (!name) at('name', 'name is empty');
    else if (bad) at('tiers', `tier "${bad}" is not a positive whole number`);
    else list.push({ name, flows: split(row.get('flows')).map((f) => f.toLowerCase()), tiers: tiers.map(Number) });
  }
  assertNoProblems(table.problems);
  return list;
}

/**
 * The person behind a name as recorded: "@ann", "Ann" and "ann (via AI assistant)" are ann, so nobody approves
 * what their own assistant asked for.
 */
const personOf = (name: string): string =>
  name
    .trim()
    .replace(/\s*\(via [^)]*\)$/, '')
    .replace(/^@/, '')
    .toLowerCase();

export const samePerson = (a: string, b: string): boolean => personOf(a) === personOf(b);

/** The approvers who may decide for an item of `flow` (its name or key) and `tier`. */
export function approversFor(
  approvers: Approvers,
  item: { flowName: string; flowKey: string; tier: number | undefined },
): Approver[] {
  return approvers.list.filter(
    (a) =>
      (a.flows.length === 0 || a.flows.includes(item.flowName.toLowerCase()) || a.flows.includes(item.flowKey)) &&
      (a.tiers.length === 0 || (item.tier !== undefined && a.tiers.includes(item.tier))),
  );
}
