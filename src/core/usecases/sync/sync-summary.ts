/** Sync results in words, for the CLI, the preview dialog and notifications. */
import { type SyncResult } from './sync';
import { describeChange } from './sync-plan';

export function syncLines(result: SyncResult): string[] {
  const lines: string[] = result.dryRun ? ['Dry run: nothing was written. A sync would make these changes:'] : [];
  const would = result.dryRun ? 'would ' : '';
  if (result.plan) {
    for (const c of result.plan.changes) lines.push(`${c.itemKey}: ${describeChange(c)}`);
    for (const w of result.plan.unknown)
      lines.push(`Unknown work item ${w.displayId} "${w.title}" (no item has the key in its title): left alone`);
    for (const m of result.plan.missing)
      lines.push(`${m.itemKey}: ${m.displayId} is no longer where sync looks (deleted, or moved out of the project?)`);
  }
  for (const a of result.loop) lines.push(`${a.itemKey}: ${would}${a.reason}`);
  if (result.page) {
    const p = result.page;
    if (!p.changed) lines.push(`${p.label} is already up to date`);
    else
      lines.push(
        `${p.label}: ${would}${p.appended ? 'append the To-Do section (the page had no To-Do table)' : 'replace the To-Do table'} with ${p.rows} row(s)${p.version ? `, now version ${p.version}` : ''}`,
      );
  }
  if (result.unchanged)
    lines.push(
      result.dryRun ? 'Nothing would change.' : 'Nothing changed: the database and the page were already up to date.',
    );
  return lines;
}
