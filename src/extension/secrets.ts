/** The trackers' and Confluence's credentials and the Pushgateway token, kept only in VS Code's SecretStorage. */
import * as vscode from 'vscode';

import { keepSecret, type SettingKey, SreError } from '../core/errors';
import { SECRET } from './ids';

export type SecretName = keyof typeof SECRET;

/** The stored secret behind a setting key (a tracker adapter's secret, or Confluence's token). */
const BY_KEY: Partial<Record<SettingKey, SecretName>> = {
  'rally.apiKey': 'rallyApiKey',
  'jira.apiToken': 'jiraApiToken',
  'confluence.token': 'confluenceToken',
  'metrics.pushToken': 'pushgatewayToken',
};

export function secretNameOf(key: SettingKey): SecretName {
  const name = BY_KEY[key];
  if (!name) throw new SreError(`VS Code cannot store the secret ${key} yet: set it for the CLI instead`, 'input');
  return name;
}

const PROMPTS: Record<SecretName, { title: string; prompt: string }> = {
  rallyApiKey: {
    title: 'Rally API Key',
    prompt: 'Rally API key (Rally → Profile → API Keys). Stored in VS Code secret storage.',
  },
  jiraApiToken: {
    title: 'Jira API Token',
    prompt:
      'Jira Cloud API token (id.atlassian.com → Security → API tokens), or Data Center personal access token (Profile → Personal Access Tokens; your password when jira.email holds a username). Stored in VS Code secret storage.',
  },
  confluenceToken: {
    title: 'Confluence API Token',
    prompt: 'Confluence API token (Cloud) or personal access token (Data Center). Stored in VS Code secret storage.',
  },
  pushgatewayToken: {
    title: 'Pushgateway Token',
    prompt: 'Bearer token for a Pushgateway behind an authenticating proxy. Stored in VS Code secret storage.',
  },
};

export class Secrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  async get(name: SecretName): Promise<string | undefined> {
    const value = await this.storage.get(SECRET[name]);
    if (value) keepSecret(value);
    return value;
  }

  /** Asks with a password box and stores the answer; undefined when the user cancels. */
  async ask(name: SecretName): Promise<string | undefined> {
    const value = await vscode.window.showInputBox({
      ...PROMPTS[name],
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Enter a value, or press Escape to cancel'),
    });
    if (!value) return undefined;
    keepSecret(value.trim());
    await this.storage.store(SECRET[name], value.trim());
    return value.trim();
  }

  /** The stored secret, or asks once and offers to keep it. */
  async require(name: SecretName): Promise<string | undefined> {
    return (await this.get(name)) ?? this.ask(name);
  }

  /** The secrets stored now, with what they are called. */
  async stored(): Promise<{ name: SecretName; title: string }[]> {
    const names = Object.keys(SECRET) as SecretName[];
    const present = await Promise.all(names.map(async (name) => (await this.storage.get(SECRET[name])) !== undefined));
    return names.filter((_, i) => present[i]).map((name) => ({ name, title: PROMPTS[name].title }));
  }

  async clear(names: readonly SecretName[]): Promise<void> {
    await Promise.all(names.map((name) => this.storage.delete(SECRET[name])));
  }
}
