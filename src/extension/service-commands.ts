/**
 * The commands each service brings, named from its declaration: Create and Open for a tracker's work item
 * ("Create Acme Ticket" for a tracker whose work item is an "Acme ticket"), Set for every credential. The extension registers these and `npm run contributions`
 * writes them into package.json, so a new tracker needs neither edited.
 */
import { type TrackerKind } from '../core/domain/items';
import { type SettingKey } from '../core/errors';
import { pageService, services, trackerAdapters } from '../core/integrations/registry';
import { type TrackerAdapter } from '../core/integrations/tracker-adapter';

export interface ServiceCommand {
  /** Under `sreTracker.`: createAcmeTicket. */
  id: string;
  /** Create Acme Ticket. */
  title: string;
}

const titled = (words: string) => words.replace(/(^|\s)\w/g, (c) => c.toUpperCase());

/** Create and Open for a tracker's work item: createAcmeTicket / "Create Acme Ticket". */
export function trackerCommands(adapter: TrackerAdapter): { create: ServiceCommand; open: ServiceCommand } {
  const title = titled(adapter.workName);
  const id = title.replace(/\s+/g, '');
  return {
    create: { id: `create${id}`, title: `Create ${title}` },
    open: { id: `open${id}`, title: `Open ${title}` },
  };
}

/** Sync names the page it writes: "Sync Work Items and the Acme Page". */
export function syncTitle(): string {
  return `Sync Work Items and the ${pageService().name} Page`;
}

/** Every tracker's Create and Open, with the tracker each belongs to. */
export function workCommands(): (ServiceCommand & { tracker: TrackerKind; action: 'create' | 'open' })[] {
  return trackerAdapters().flatMap((a) => {
    const { create, open } = trackerCommands(a);
    return [
      { ...create, tracker: a.kind, action: 'create' as const },
      { ...open, tracker: a.kind, action: 'open' as const },
    ];
  });
}

/** A credential the extension keeps in SecretStorage, and the command that asks for it. */
export interface StoredSecret extends ServiceCommand {
  /** Its setting key: acme.apiKey. */
  key: SettingKey;
  /** Its SecretStorage key. */
  storage: string;
  /** "Acme API Key": what Clear Credentials lists. */
  label: string;
  /** "Acme API key": what messages call it. */
  name: string;
  prompt: string;
}

/** The Pushgateway's token: core's metrics setting, no service of the registry. */
const PUSHGATEWAY: StoredSecret = {
  key: 'metrics.pushToken',
  storage: 'sreTracker.pushgatewayToken',
  id: 'setPushgatewayToken',
  title: 'Set Pushgateway Token',
  label: 'Pushgateway Token',
  name: 'Pushgateway token',
  prompt: 'Bearer token for a Pushgateway behind an authenticating proxy. Stored in VS Code secret storage.',
};

/** Every credential: each service's, as its adapter declares it (stored under sreTracker.acmeApiKey), then the Pushgateway's. */
export function storedSecrets(): StoredSecret[] {
  return [
    ...services().map(({ secret }) => ({
      key: secret.key,
      storage: `sreTracker.${secret.key.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase())}`,
      id: secret.command,
      title: secret.title,
      label: secret.title.replace(/^Set /, ''),
      name: secret.name,
      prompt: secret.prompt,
    })),
    PUSHGATEWAY,
  ];
}
