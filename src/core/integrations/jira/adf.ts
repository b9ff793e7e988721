/** Atlassian Document Format for Jira Cloud descriptions, from the HTML our story template makes: paragraphs of text. */
import { type DefaultTreeAdapterMap, parseFragment } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];

export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: { type: 'paragraph'; content: { type: 'text'; text: string }[] }[];
}

const BLOCKS = new Set(['p', 'div', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'br', 'ul', 'ol', 'tr']);

/** One paragraph per block of the HTML (list items marked with a bullet); text only, every value already plain. */
export function htmlToAdf(html: string): AdfDoc {
  const paragraphs: string[] = [];
  let current = '';
  const breakLine = () => {
    if (current.trim()) paragraphs.push(current.replace(/\s+/g, ' ').trim());
    current = '';
  };
  const walk = (node: Node) => {
    if (node.nodeName === '#text') {
      current += (node as DefaultTreeAdapterMap['textNode']).value;
      return;
    }
    const tag = 'tagName' in node ? node.tagName : '';
    if (BLOCKS.has(tag)) breakLine();
    if (tag === 'li') current = '• ';
    if ('childNodes' in node) node.childNodes.forEach(walk);
    if (BLOCKS.has(tag)) breakLine();
  };
  walk(parseFragment(html) as unknown as Node);
  breakLine();
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
  };
}
