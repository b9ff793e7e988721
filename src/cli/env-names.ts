/** How the CLI asks for a setting: the environment variable core, or a service's adapter, declares for it. */
import { type SettingKey } from '../core/errors';
import { envNames } from '../core/integrations/settings';

export function envName(key: SettingKey): string {
  return envNames().get(key) ?? key;
}
