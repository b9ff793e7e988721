/** Resolves --flow/--asset/--capability to one item, by flag or by numbered prompts, with close matches for typos. */
import { pickName } from '../core/domain/item-lookup';
import { type ItemView } from '../core/domain/items';
import { capabilityFor, notForKind } from '../core/domain/kinds';
import { type MaturityModel } from '../core/domain/model';
import { inputError } from '../core/errors';
import { type Prompter } from './prompts';

export const ITEM_OPTIONS = {
  flow: { type: 'string' },
  asset: { type: 'string' },
  capability: { type: 'string' },
} as const;

export interface ItemFlags {
  flow?: string;
  asset?: string;
  capability?: string;
}

/** A capability the model has but leaves out for this asset's kind: said as such, not as an unknown name. */
function outOfScope(model: MaturityModel, inAsset: readonly ItemView[], typed: string | undefined): void {
  const asset = inAsset[0];
  if (typed === undefined || !asset) return;
  const modelled = model.capabilities.find((c) => c.name.toLowerCase() === typed.trim().toLowerCase());
  if (modelled && !capabilityFor(modelled, asset.kind))
    throw inputError(
      `${asset.flowName}/${asset.assetName} "${modelled.name}" is not applicable by the model: ${notForKind(modelled, asset.kind)}`,
    );
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** Each missing flag is asked for when a prompter is given; otherwise it is a usage error. */
export async function resolveItem(
  items: readonly ItemView[],
  flags: ItemFlags,
  prompter: Prompter | undefined,
  model: MaturityModel,
): Promise<ItemView> {
  const choose = async (
    kind: string,
    flag: keyof ItemFlags,
    names: string[],
    label: (n: string) => string = (n) => n,
  ): Promise<string> => {
    const typed = flags[flag];
    if (typed !== undefined) return pickName(kind, typed, names);
    if (!prompter) throw inputError(`--${flag} is required`);
    return names[await prompter.choose(`Which ${kind}?`, names.map(label))] ?? '';
  };
  const flow = await choose('flow', 'flow', unique(items.map((i) => i.flowName)));
  const inFlow = items.filter((i) => i.flowName === flow);
  const asset = await choose(`asset of ${flow}`, 'asset', unique(inFlow.map((i) => i.assetName)));
  const inAsset = inFlow.filter((i) => i.assetName === asset);
  outOfScope(model, inAsset, flags.capability);
  const capability = await choose(
    `capability of ${flow}/${asset}`,
    'capability',
    inAsset.map((i) => i.capability.name),
    (name) => {
      const item = inAsset.find((i) => i.capability.name === name);
      return `${name} (${item?.status ?? ''}${item?.level !== null && item?.level !== undefined ? `, level ${item.level}` : ''})`;
    },
  );
  const item = inAsset.find((i) => i.capability.name === capability);
  if (!item) throw new Error(`no item for ${flow}/${asset}/${capability}`);
  return item;
}
