/** The files of a data folder, by role. */
import { DB_FILE } from './store';

export const FILES = {
  flows: 'flows.csv',
  model: 'maturity_model.csv',
  targets: 'targets.csv',
  campaigns: 'campaigns.csv',
  approvers: 'approvers.csv',
  storyTemplate: 'story_template.html',
  db: DB_FILE,
  htmlReport: 'maturity_report.html',
} as const;

export type DataFile = keyof typeof FILES;
