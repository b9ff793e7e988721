/** Typed reads of the extension's settings, mapped onto core's TrackerSettings. */
import * as path from 'node:path';

import * as vscode from 'vscode';

import type { SettingKey } from '../core/errors';
import { trackerAdapters } from '../core/integrations/registry';
import {
  checkThresholds,
  defaultSettings,
  parseDeployment,
  parseLimit,
  parseStatusMode,
  parseTagMatch,
  parseTracker,
  type TrackerSettings,
} from '../core/settings';
import { DEFAULT_THRESHOLDS } from '../shared/status';
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

  /** Throws a core input error naming the setting when a value is out of range. */
  get settings(): TrackerSettings {
    const base = defaultSettings();
    const t = this.cfg.get<{ amberFrom?: number; greenFrom?: number }>(SETTING.statusThresholds) ?? {};
    const name = (key: string) => `Setting ${PREFIX}.${key}`;
    return {
      statusMode: parseStatusMode(this.str(SETTING.statusMode), name(SETTING.statusMode)),
      thresholds: checkThresholds(
        {
          amberFrom: t.amberFrom ?? DEFAULT_THRESHOLDS.amberFrom,
          greenFrom: t.greenFrom ?? DEFAULT_THRESHOLDS.greenFrom,
        },
        name(SETTING.statusThresholds),
      ),
      staleAfterDays: this.cfg.get<number>(SETTING.staleAfterDays) ?? base.staleAfterDays,
      storyNameTemplate: this.str(SETTING.storyNameTemplate) || undefined,
      tracker: parseTracker(this.str(SETTING.tracker), name(SETTING.tracker)),
      jira: {
        site: this.str(SETTING.jiraSite),
        email: this.str(SETTING.jiraEmail),
        project: this.str(SETTING.jiraProject),
        issueType: this.str(SETTING.jiraIssueType) || base.jira.issueType,
        labels: this.list(SETTING.jiraLabels),
        parent: this.str(SETTING.jiraParent),
      },
      rally: {
        server: this.str(SETTING.rallyServer) || base.rally.server,
        workspace: this.str(SETTING.rallyWorkspace),
        project: this.str(SETTING.rallyProject),
        parentId: this.str(SETTING.rallyParentId),
        tags: this.list(SETTING.rallyTags),
        tagMatch: parseTagMatch(this.str(SETTING.rallyTagMatch), name(SETTING.rallyTagMatch)),
        csvColumns: this.list(SETTING.rallyCsvColumns).length
          ? this.list(SETTING.rallyCsvColumns)
          : base.rally.csvColumns,
        doneState: this.str(SETTING.rallyDoneState) || base.rally.doneState,
      },
      confluence: {
        baseUrl: this.str(SETTING.confluenceBaseUrl),
        username: this.str(SETTING.confluenceUsername),
        pageId: this.str(SETTING.confluencePageId),
        deployment: parseDeployment(this.str(SETTING.confluenceDeployment), name(SETTING.confluenceDeployment)),
        title: this.str(SETTING.confluencePageTitle) || base.confluence.title,
      },
      network: {
        timeoutSeconds: parseLimit(
          this.cfg.get<number>(SETTING.networkTimeoutSeconds),
          base.network.timeoutSeconds,
          name(SETTING.networkTimeoutSeconds),
        ),
        maxResponseMegabytes: parseLimit(
          this.cfg.get<number>(SETTING.networkMaxResponseMegabytes),
          base.network.maxResponseMegabytes,
          name(SETTING.networkMaxResponseMegabytes),
        ),
      },
      extra: this.adapterSettings(),
    };
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
