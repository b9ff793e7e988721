/** How the CLI asks for a setting: the environment variable core, or the tracker's adapter, reads it from. */
import { type SettingKey } from '../core/errors';
import { adapterSetting } from '../core/integrations/registry';
import { ENV_NAME } from '../core/integrations/settings';

export function envName(key: SettingKey): string {
  return ENV_NAME[key] ?? adapterSetting(key)?.env ?? key;
}
