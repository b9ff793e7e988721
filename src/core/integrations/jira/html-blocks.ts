/** The HTML our work template makes, read as blocks of text runs: what both description formats are written from. */
import { type DefaultTreeAdapterMap, parseFragment } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];

export interface Run {
  text: string;
  /** The link's target, for text inside <a href>. */
  href?: string;
}

export interface Block {
  /** A list item. */
  item: boolean;
  runs: Run[];
}

const BLOCKS = new Set(['p', 'div', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'br', 'ul', 'ol', 'tr']);

/** One block per block element (and line break), white space folded; empty blocks left out. */
export function htmlBlocks(html: string): Block[] {
  const blocks: Block[] = [];
  let current: Block = { item: false, runs: [] };
  const breakBlock = (item = false) => {
    const runs = current.runs.map((r) => ({ ...r, text: r.text.replace(/\s+/g, ' ') }));
    const first = runs[0];
    const last = runs.at(-1);
    if (first) first.text = first.text.trimStart();
    if (last) last.text = last.text.trimEnd();
    const kept = runs.filter((r) => r.text !== '');
    if (kept.length) blocks.push({ item: current.item, runs: kept });
    current = { item, runs: [] };
  };
  const walk = (node: Node, href: string | undefined) => {
    if (node.nodeName === '#text') {
      current.runs.push({ text: (node as DefaultTreeAdapterMap['textNode']).value, ...(href ? { href } : {}) });
      return;
    }
    const tag = 'tagName' in node ? node.tagName : '';
    if (BLOCKS.has(tag)) breakBlock(tag === 'li');
    const link = tag === 'a' && 'attrs' in node ? node.attrs.find((a) => a.name === 'href')?.value : undefined;
    if ('childNodes' in node) for (const child of node.childNodes) walk(child, link ?? href);
    if (BLOCKS.has(tag)) breakBlock();
  };
  walk(parseFragment(html) as unknown as Node, undefined);
  breakBlock();
  return blocks;
}
