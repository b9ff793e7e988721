/** Typed reads of the extension's settings, mapped onto core's TrackerSettings. */
import * as path from 'node:path';

import * as vscode from 'vscode';

import type { SettingKey } from '../core/errors';
import { settingsFrom } from '../core/integrations/settings';
import { type SettingSource, splitList, type TrackerSettings } from '../core/settings';
import { type Thresholds } from '../shared/status';
import { PREFIX, SETTING } from './ids';
import { secretCommand } from './settings-prompt';

export class Config {
  constructor(private readonly folder: vscode.WorkspaceFolder) {}

  private get cfg(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(PREFIX, this.folder.uri);
  }

  /** A text setting; a number or flag as its text, anything else as empty. */
  private str(key: string): string {
    const value = this.cfg.get<unknown>(key);
    return typeof value === 'string'
      ? value.trim()
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : '';
  }

  /** A list setting; one given as text (by hand in settings.json) is split at commas, as the CLI splits its variable. */
  private list(key: string): string[] {
    const value = this.cfg.get<unknown>(key);
    if (typeof value === 'string') return splitList(value);
    return Array.isArray(value)
      ? value
          .filter((v): v is string => typeof v === 'string')
          .map((v) => v.trim())
          .filter(Boolean)
      : [];
  }

  /** A number setting as given (a number, or text the reader checks). */
  private number(key: string): number | string | undefined {
    const value = this.cfg.get<unknown>(key);
    return typeof value === 'number' || typeof value === 'string' ? value : undefined;
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

  /** VS Code's settings as core reads settings: a value left unset takes package.json's default. */
  private source(): SettingSource {
    return {
      text: (key) => this.str(key),
      list: (key) => this.list(key),
      number: (key) => this.number(key),
      thresholds: () => this.cfg.get<Partial<Thresholds>>(SETTING.statusThresholds) ?? {},
      name: (key) => `Setting ${PREFIX}.${key}`,
    };
  }

  /** Throws a core input error naming the setting when a value is out of range. */
  get settings(): TrackerSettings {
    return settingsFrom(this.source());
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
