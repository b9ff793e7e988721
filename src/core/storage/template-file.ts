/** The templates a workspace uses: the name from settings, the description from story_template.html when it exists. */
import * as fs from 'node:fs';

import {
  checkTemplate,
  DEFAULT_DESCRIPTION_TEMPLATE,
  DEFAULT_NAME_TEMPLATE,
  type StoryTemplates,
} from '../domain/work-template';
import { readTextFile } from './text-file';

export function loadTemplates(nameTemplate: string | undefined, templateFile: string): StoryTemplates {
  const name = checkTemplate(nameTemplate ?? DEFAULT_NAME_TEMPLATE, 'story name template', true);
  const description = fs.existsSync(templateFile)
    ? checkTemplate(readTextFile(templateFile), templateFile, false)
    : DEFAULT_DESCRIPTION_TEMPLATE;
  return { name, description };
}
