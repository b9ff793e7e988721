/** Backups: Velero schedules, and CronJobs named for backups. */
import { nameOf, text } from '../finding';
import { apiOf, type EvidenceFormat, inText, kindIn } from './format';

export const BACKUP_FORMATS: readonly EvidenceFormat[] = [
  {
    name: 'Velero schedules',
    mayBeIn: inText(apiOf('velero.io/')),
    resource: (data, at, file) =>
      text(data.apiVersion).startsWith('velero.io/') && text(data.kind) === 'Schedule'
        ? [{ kind: 'backups', file, line: at([]), detail: `Velero Schedule ${nameOf(data)}` }]
        : undefined,
  },
  {
    name: 'backup CronJobs',
    mayBeIn: inText(kindIn('CronJob')),
    resource: (data, at, file) =>
      text(data.kind) === 'CronJob' && /backup/i.test(nameOf(data))
        ? [{ kind: 'backups', file, line: at([]), detail: `CronJob ${nameOf(data)}` }]
        : undefined,
  },
];
