/**
 * An Azure review checklist (the JSON of the Azure/review-checklists repository: `items[]` with `category`,
 * `subcategory`, `text`, `severity` High/Medium/Low, `service`, `guid`, `link`) as maturity model rows. Category →
 * pillar, subcategory → capability, each item → a yes/no question, High severity at level 2, Medium at level 3, Low
 * at level 4; level 1 asks whether any practice is in place. An item's `service` becomes `applies_to`: the kind
 * of asset it fits (for the whole capability when all its items name the same one).
 */
import { slug } from '../../domain/keys';
import { asQuestion, invalid, jsonObject, type ModelRow, requiredArray, requiredText } from './model-rows';

const LEVEL_OF: Record<string, number> = { High: 2, Medium: 3, Low: 4 };

interface Item {
  pillar: string;
  capability: string;
  text: string;
  level: number;
  kind: string;
  guid: string;
  /** Its description and link: what the work item asks for. */
  guidance: string;
}

export function importAzureChecklist(text: string, file: string, names: ReadonlyMap<string, string>): ModelRow[] {
  const items = requiredArray(file, 'items', jsonObject(text, file).items).map((v, i) =>
    itemOf(file, `items[${i}]`, v),
  );
  const byCapability = new Map<string, Item[]>();
  for (const item of items) byCapability.set(item.capability, [...(byCapability.get(item.capability) ?? []), item]);
  return [...byCapability.entries()].flatMap(([name, members]) => capabilityRows(name, members, names));
}

function itemOf(file: string, at: string, value: unknown): Item {
  const v = (value ?? {}) as Record<string, unknown>;
  const pillar = requiredText(file, `${at}.category`, v.category, 256);
  const severity = v.severity;
  if (typeof severity !== 'string' || !(severity in LEVEL_OF))
    throw invalid(file, `${at}.severity`, `"${String(severity)}" is not High, Medium or Low`);
  const service = typeof v.service === 'string' ? v.service : '';
  return {
    pillar,
    capability: typeof v.subcategory === 'string' && v.subcategory.trim() ? v.subcategory.trim() : pillar,
    text: requiredText(file, `${at}.text`, v.text, 1024),
    level: LEVEL_OF[severity] ?? 4,
    kind: slug(service),
    guid: requiredText(file, `${at}.guid`, v.guid, 64),
    guidance: [v.description, v.link].filter((t): t is string => typeof t === 'string' && t !== '').join(' '),
  };
}

function capabilityRows(name: string, items: readonly Item[], names: ReadonlyMap<string, string>): ModelRow[] {
  const first = items[0] as Item;
  const base = `azure:${slug(first.pillar)}/${slug(name)}`;
  const capability = names.get(base) ?? name;
  const kinds = [...new Set(items.map((i) => i.kind))];
  // One kind for all: the capability's scope (its first row); several: each question its own.
  const shared = kinds.length === 1 ? (kinds[0] ?? '') : '';
  const row = (level: number, question: string, appliesTo: string, sourceId: string, guidance = ''): ModelRow => ({
    pillar: first.pillar,
    capability,
    level,
    question,
    appliesTo,
    sourceId,
    guidance,
  });
  const rows = [row(1, `Is any practice of "${name}" in place?`, shared, `${base}#1`)];
  for (const level of [2, 3, 4]) {
    const at = items.filter((i) => i.level === level);
    if (at.length === 0)
      rows.push(row(level, `Are the practices of "${name}" reviewed at least once a year?`, '', `${base}#${level}`));
    for (const i of at) rows.push(row(level, asQuestion(i.text), shared ? '' : i.kind, `azure:${i.guid}`, i.guidance));
  }
  return rows;
}
