/** Every id the extension shares with package.json: commands, views, context keys and settings. */

/** Command ids without the `sreTracker.` prefix, which main.ts adds in one place. */
export const COMMAND = {
  setUpWorkspace: 'setUpWorkspace',
  assessCapability: 'assessCapability',
  assessAll: 'assessAll',
  undoLastAssessment: 'undoLastAssessment',
  markNotApplicable: 'markNotApplicable',
  clearNotApplicable: 'clearNotApplicable',
  approveNotApplicable: 'approveNotApplicable',
  rejectNotApplicable: 'rejectNotApplicable',
  generateReport: 'generateReport',
  openReport: 'openReport',
  showDashboard: 'showDashboard',
  sync: 'sync',
  showStale: 'showStale',
  showChangeImpact: 'showChangeImpact',
  addCampaign: 'addCampaign',
  copyItemKey: 'copyItemKey',
  clearCredentials: 'clearCredentials',
  exportCsv: 'exportCsv',
  refresh: 'refresh',
  openModel: 'openModel',
  findItem: 'findItem',
  filterRed: 'filterRed',
  filterNotAssessed: 'filterNotAssessed',
  clearFilter: 'clearFilter',
  setUpGit: 'setUpGit',
  mergeDatabase: 'mergeDatabase',
  showDatabaseChanges: 'showDatabaseChanges',
  groupTreeBy: 'groupTreeBy',
  groupTreeByFlow: 'groupTreeByFlow',
  groupTreeByOwner: 'groupTreeByOwner',
  groupTreeByTier: 'groupTreeByTier',
  groupTreeByPillar: 'groupTreeByPillar',
  groupTreeByKind: 'groupTreeByKind',
  showAssistantTools: 'showAssistantTools',
  copyMetrics: 'copyMetrics',
  pushMetrics: 'pushMetrics',
} as const;

export type CommandId = (typeof COMMAND)[keyof typeof COMMAND];

export const PREFIX = 'sreTracker';

export const VIEW = { items: 'sreTracker.items' } as const;

export const WEBVIEW = { assessment: 'sreTracker.assessment', dashboard: 'sreTracker.dashboard' } as const;

export const CONTEXT = {
  hasWorkspace: 'sreTracker.hasWorkspace',
  filter: 'sreTracker.filter',
  groupBy: 'sreTracker.groupBy',
  /** VS Code has the MCP API, so the MCP server offers the read tools and the language-model tools are only writes. */
  mcpServers: 'sreTracker.mcpServers',
  /** Some item is assessed: the walkthrough's "Assess a capability" step is done, however it was assessed. */
  hasAssessment: 'sreTracker.hasAssessment',
} as const;

/** contextValue of tree nodes, matched by `when` clauses in package.json menus. */
export const NODE = {
  folder: 'folder',
  flow: 'flow',
  asset: 'asset',
  pillar: 'pillar',
  capability: 'capability',
  capabilityWithStory: 'capability.story',
  capabilityExempt: 'capability.exempt',
  /** Appended to a capability without work whose status is a gap (Red, Amber, Exemption expired). */
  gap: '.gap',
  /** Appended to a capability assessed at least once, so Undo Last Assessment has something to undo. */
  assessed: '.assessed',
  /** Appended to a capability whose Not applicable request awaits approval: Approve and Reject apply. */
  pending: '.pending',
  /** sre_data.db left unmerged by git. */
  conflict: 'conflict',
  /** An owner, tier or pillar at the top of the tree. */
  group: 'group',
} as const;

export const SETTING = {
  dataDirectory: 'dataDirectory',
  statusMode: 'statusMode',
  statusThresholds: 'statusThresholds',
  staleAfterDays: 'staleAfterDays',
  dueSoonDays: 'dueSoonDays',
  groupByPillar: 'groupByPillar',
  storyNameTemplate: 'storyNameTemplate',
  tracker: 'tracker',
  syncStillShort: 'sync.stillShort',
  networkTimeoutSeconds: 'network.timeoutSeconds',
  networkMaxResponseMegabytes: 'network.maxResponseMegabytes',
  metricsPushUrl: 'metrics.pushUrl',
  metricsGranularity: 'metrics.granularity',
} as const;
