/** Atlassian's two ways to run a product, which differ in API version, paths and authentication. */
import { inputError } from '../errors';

/** `cloud`: SITE.atlassian.net; `datacenter`: the company's own server (Data Center or Server). */
export type Deployment = 'cloud' | 'datacenter';

export function parseDeployment(value: string, source: string): Deployment {
  if (value === '' || value === 'cloud') return 'cloud';
  if (value === 'datacenter') return 'datacenter';
  throw inputError(`${source} must be "cloud" or "datacenter", not "${value}"`);
}
