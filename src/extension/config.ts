/** Typed reads of the extension's settings, mapped onto core's TrackerSettings. */
import * as path from 'node:path';

import * as vscode from 'vscode';

import type { SettingKey } from '../core/errors';
import { trackerAdapters } from '../core/integrations/registry';
import { settingsFrom, type TrackerSettings } from '../core/integrations/settings';
import { type SettingSource } from '../core/settings';
import { type Thresholds } from '../shared/status';
import { PREFIX, SETTING } from './ids';
import { secretCommand } from './settings-prompt';

export class Config {
  constructor(private readonly folder: vscode.WorkspaceFolder) {}

  private get cfg(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(PREFIX, this.folder.uri);
  }

  private str(key: string): string {
    return (this.cfg.get<string>(key) ?? '').trim();
  }

  private list(key: string): string[] {
    return (this.cfg.get<string[]>(key) ?? []).map((s) => s.trim()).filter(Boolean);
  }

  /**
   * A setting's value when it comes from the repository (the folder's or workspace's settings file, which anyone
   * who can push may write) rather than the user's own settings; undefined otherwise.
   */
  fromRepository(key: string): string | undefined {
    const i = this.cfg.inspect<string>(key);
    const value = (i?.workspaceFolderValue ?? i?.workspaceValue)?.trim();
    return value && value !== i?.globalValue?.trim() ? value : undefined;
  }

  get dataDirectory(): string {
    return path.resolve(this.folder.uri.fsPath, this.str(SETTING.dataDirectory));
  }

  get groupByPillar(): boolean {
    return this.cfg.get<boolean>(SETTING.groupByPillar) === true;
  }

  /** Each tracker adapter's own settings, as it declares them, by key. */
  private adapterSettings(): Record<string, string> {
    const given = trackerAdapters()
      .flatMap((a) => a.settings)
      .map((s) => [s.key, this.str(s.key)] as const);
    return Object.fromEntries(given.filter(([, v]) => v !== ''));
  }

  /** VS Code's settings as core reads settings: a value left unset takes package.json's default. */
  private source(): SettingSource {
    return {
      text: (key) => this.str(key),
      list: (key) => this.list(key),
      number: (key) => this.cfg.get<number>(key),
      thresholds: () => this.cfg.get<Partial<Thresholds>>(SETTING.statusThresholds) ?? {},
      name: (key) => `Setting ${PREFIX}.${key}`,
    };
  }

  /** Throws a core input error naming the setting when a value is out of range. */
  get settings(): TrackerSettings {
    return { ...settingsFrom(this.source()), extra: this.adapterSettings() };
  }
}

/** Settings whose change alters what the tree shows. */
export function affectsTree(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(PREFIX);
}

/** How the extension asks for a setting core needs: secrets through their commands, the rest in Settings. */
export function nameSetting(key: SettingKey): string {
  const secret = secretCommand(key);
  return secret ? `run "SRE: ${secret.title}"` : `set ${PREFIX}.${key} in Settings`;
}
