/** Wiki markup for Jira Data Center descriptions (its text fields' renderer), from the HTML our work template makes. */
import { escapeWikiText, wikiUrl } from '../wiki-text';
import { htmlBlocks, type Run } from './html-blocks';

function run(r: Run): string {
  const url = r.href ? wikiUrl(r.href) : undefined;
  return url ? `[${escapeWikiText(r.text)}|${url}]` : escapeWikiText(r.text);
}

/** A paragraph per block, list items as `* `, links as `[text|url]`; every value escaped so it reads as text. */
export function htmlToWiki(html: string): string {
  return htmlBlocks(html)
    .map((b) => `${b.item ? '* ' : ''}${b.runs.map(run).join('')}`)
    .join('\n\n');
}
