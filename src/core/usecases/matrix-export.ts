/** The maturity matrix as CSV: one row per item, every column a user needs to work from a spreadsheet. */
import { toCsv } from '../domain/csv-write';
import { type ItemView } from '../domain/items';

export const MATRIX_COLUMNS = [
  'key',
  'flow',
  'asset',
  'tier',
  'owner',
  'pillar',
  'capability',
  'level',
  'target',
  'status',
  'stale',
  'notes',
  'evidence_url',
  'assessed_at',
  'assessed_by',
  'work_item',
  'work_state',
  'exempt_reason',
  'exempt_until',
  // Added last, so scripts that read the columns by position keep working.
  'kind',
] as const;

export function matrixCsv(items: readonly ItemView[]): string {
  return toCsv(MATRIX_COLUMNS, items.map(matrixRow));
}

/** Several workspace folders in one matrix, each row led by its folder's name. */
export function foldersMatrixCsv(folders: readonly { name: string; items: readonly ItemView[] }[]): string {
  return toCsv(
    ['folder', ...MATRIX_COLUMNS],
    folders.flatMap((f) => f.items.map((i) => [f.name, ...matrixRow(i)])),
  );
}

function matrixRow(i: ItemView) {
  return [
    i.key,
    i.flowName,
    i.assetName,
    i.tier ?? '',
    i.owner,
    i.pillar,
    i.capability.name,
    i.level ?? '',
    i.target ?? '',
    i.status,
    i.stale ? 'yes' : '',
    i.notes,
    i.evidenceUrl,
    i.assessedAt ?? '',
    i.assessedBy ?? '',
    i.link?.displayId ?? '',
    i.link?.state ?? '',
    i.exemptReason ?? '',
    i.exemptUntil ?? '',
    i.kind,
  ];
}
