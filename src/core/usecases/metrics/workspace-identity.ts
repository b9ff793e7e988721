/**
 * A workspace's name on a Pushgateway and what identifies it, unique per repository and data folder: with the
 * README's layout (`repos/<repo>/sre`) every data folder is called `sre`, and a group named after the folder alone would be
 * replaced by the next repository's push.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { git } from '../merge/git';
import { type WorkspaceIdentity } from './maturity-metrics';

export interface NamedIdentity {
  /** The grouping key's `workspace`: the remote's path and the folder, e.g. acme/checkout/sre. */
  name: string;
  identity: WorkspaceIdentity;
}

/**
 * A git remote as host and path, without scheme, user, password, port or `.git`: the same repository reached by
 * https or ssh reads the same (github.com/acme/checkout).
 */
export function remoteId(url: string): string {
  let id = url;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    try {
      const u = new URL(url);
      id = `${u.hostname}${decodeURIComponent(u.pathname)}`;
    } catch {
      id = url;
    }
  } else {
    // scp-like syntax, user@host:path (a one-letter "host" is a Windows drive).
    const scp = /^(?:[^@/]+@)?([^:/]{2,}):(.+)$/.exec(url);
    if (scp) id = `${scp[1]}/${scp[2]}`;
  }
  return id
    .replace(/\\/g, '/')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .replace(/\/{2,}/g, '/');
}

const real = (dir: string) => {
  try {
    return fs.realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
};

/**
 * The name and identity of the data folder `dir`: in a git repository, the remote's path (origin, else the
 * repository folder's name) and the folder inside it; outside one, `fallback` (a roll-up's relative path) or the
 * parent folder and the folder.
 */
export async function workspaceIdentity(
  dir: string,
  via: WorkspaceIdentity['via'],
  fallback?: string,
): Promise<NamedIdentity> {
  const at = real(dir);
  const top = await git(at, ['rev-parse', '--show-toplevel']).catch(() => '');
  if (!top) {
    const name = fallback ?? `${path.basename(path.dirname(at))}/${path.basename(at)}`;
    return { name, identity: { repository: `${os.hostname()}:${path.dirname(at)}`, folder: path.basename(at), via } };
  }
  const folder = path.relative(real(top), at).split(path.sep).join('/') || '.';
  const remote = await git(at, ['config', '--get', 'remote.origin.url']).catch(() => '');
  const repository = remote ? remoteId(remote) : `${os.hostname()}:${real(top)}`;
  // The path without its host: acme/checkout for github.com/acme/checkout.
  const repoName = remote ? repository.split('/').slice(1).join('/') || repository : path.basename(real(top));
  return { name: folder === '.' ? repoName : `${repoName}/${folder}`, identity: { repository, folder, via } };
}
