/** Atlassian Document Format for Jira Cloud descriptions, from the HTML our work template makes: paragraphs of text. */
import { htmlBlocks } from './html-blocks';

export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: { type: 'paragraph'; content: { type: 'text'; text: string }[] }[];
}

/** One paragraph per block of the HTML (list items marked with a bullet); text only, every value already plain. */
export function htmlToAdf(html: string): AdfDoc {
  return {
    type: 'doc',
    version: 1,
    content: htmlBlocks(html).map((b) => ({
      type: 'paragraph',
      content: [{ type: 'text', text: `${b.item ? '• ' : ''}${b.runs.map((r) => r.text).join('')}` }],
    })),
  };
}
