/** The one extension context for host-side tests: real folders and tree, in-memory secret storage, a log that records. */
import { Changes } from '../../src/extension/changes';
import type { Ctx } from '../../src/extension/ctx';
import { Folders } from '../../src/extension/folders';
import { Secrets } from '../../src/extension/secrets';
import { ItemsTree } from '../../src/extension/tree';

export interface TestContext extends Ctx {
  /** Everything logged, in order. */
  logged: string[];
}

/** A Memento in memory, as workspaceState is. */
function memento(): { get: <T>(key: string) => T | undefined; update: (key: string, value: unknown) => Promise<void> } {
  const values = new Map<string, unknown>();
  return {
    get: <T>(key: string) => values.get(key) as T | undefined,
    update: async (key, value) => void values.set(key, value),
  };
}

/** `secretStore` may be shared between contexts to model secrets that outlive a reload; `extensionPath` is where the VSIX is installed. */
export function testContext(secretStore = new Map<string, string>(), extensionPath = '/ext'): TestContext {
  const folders = new Folders();
  const changes = new Changes();
  const storage = {
    get: async (k: string) => secretStore.get(k),
    store: async (k: string, v: string) => void secretStore.set(k, v),
    delete: async (k: string) => void secretStore.delete(k),
  };
  const logged: string[] = [];
  const log = {
    error: (m: string) => logged.push(m),
    warn: (m: string) => logged.push(m),
    info: (m: string) => logged.push(m),
  };
  return {
    ext: {
      extensionUri: { fsPath: extensionPath },
      workspaceState: memento(),
      globalState: memento(),
    } as unknown as Ctx['ext'],
    folders,
    tree: new ItemsTree(folders, { changes }),
    changes,
    secrets: new Secrets(storage as unknown as ConstructorParameters<typeof Secrets>[0]),
    log: log as unknown as Ctx['log'],
    logged,
  };
}
