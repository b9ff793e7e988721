/** Resolves --flow/--asset/--capability to one item, by flag or by numbered prompts, with close matches for typos. */
import { pickName } from '../core/domain/item-lookup';
import { type ItemView } from '../core/domain/items';
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

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/** Each missing flag is asked for when a prompter is given; otherwise it is a usage error. */
export async function resolveItem(
  items: readonly ItemView[],
  flags: ItemFlags,
  prompter: Prompter | undefined,
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
