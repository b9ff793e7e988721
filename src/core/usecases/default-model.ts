/** The built-in maturity model: the one `setup` writes where a workspace has none. */
import * as path from 'node:path';

/** It ships next to the bundle in a build, next to this module in sources. */
export function defaultModelPath(): string {
  return path.join(__dirname, 'default-maturity-model.csv');
}
