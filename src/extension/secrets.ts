/** The services' credentials and the Pushgateway token, kept only in VS Code's SecretStorage. */
import * as vscode from 'vscode';

import { keepSecret, type SettingKey, SreError } from '../core/errors';
import { type StoredSecret, storedSecrets } from './service-commands';

/** The stored credential behind a setting key (a service's secret, or the Pushgateway's token). */
export function secretOf(key: SettingKey): StoredSecret {
  const secret = storedSecrets().find((s) => s.key === key);
  if (!secret) throw new SreError(`VS Code cannot store the secret ${key} yet: set it for the CLI instead`, 'input');
  return secret;
}

export class Secrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  async get(key: SettingKey): Promise<string | undefined> {
    const value = await this.storage.get(secretOf(key).storage);
    if (value) keepSecret(value);
    return value;
  }

  /** Asks with a password box and stores the answer; undefined when the user cancels. */
  async ask(key: SettingKey): Promise<string | undefined> {
    const secret = secretOf(key);
    const value = await vscode.window.showInputBox({
      title: secret.label,
      prompt: secret.prompt,
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Enter a value, or press Escape to cancel'),
    });
    if (!value) return undefined;
    keepSecret(value.trim());
    await this.storage.store(secret.storage, value.trim());
    return value.trim();
  }

  /** The stored secret, or asks once and offers to keep it. */
  async require(key: SettingKey): Promise<string | undefined> {
    return (await this.get(key)) ?? this.ask(key);
  }

  /** The secrets stored now, with what Clear Credentials calls them. */
  async stored(): Promise<{ key: SettingKey; label: string }[]> {
    const all = storedSecrets();
    const present = await Promise.all(all.map(async (s) => (await this.storage.get(s.storage)) !== undefined));
    return all.filter((_, i) => present[i]).map(({ key, label }) => ({ key, label }));
  }

  async clear(keys: readonly SettingKey[]): Promise<void> {
    await Promise.all(keys.map((key) => this.storage.delete(secretOf(key).storage)));
  }
}
