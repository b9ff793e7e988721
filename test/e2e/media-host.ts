/**
 * Serves the repository's media/ over https on 127.0.0.1, standing in for where a release publishes it
 * (SRE_TRACKER_IMAGES_URL): VS Code's extension page loads README images only from https. It goes by a name the
 * browser maps to 127.0.0.1 (hostResolverRule), as a real host would: once a webview's service worker is running,
 * VS Code routes requests to 127.0.0.1 and localhost through its port mapping, which the extension page does not
 * answer. The certificate is made for this run by openssl; the browser is told to accept it.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const HOST = 'media.sre-tracker.test';
const TYPES: Record<string, string> = { '.png': 'image/png', '.svg': 'image/svg+xml', '.gif': 'image/gif' };

export interface MediaHost {
  /** The address to give as SRE_TRACKER_IMAGES_URL, ending in a slash. */
  url: string;
  /** The browser's --host-resolver-rules value that sends the host's name to 127.0.0.1. */
  hostResolverRule: string;
  /** Paths asked for so far, as the page asked for them. */
  requested: string[];
  stop: () => Promise<void>;
}

export async function startMediaHost(root: string): Promise<MediaHost> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sre-e2e-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${HOST}`,
      '-addext',
      `subjectAltName=DNS:${HOST}`,
      '-keyout',
      key,
      '-out',
      cert,
    ],
    {
      stdio: 'ignore',
    },
  );
  const media = path.join(root, 'media');
  const requested: string[] = [];
  const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    const wanted = decodeURIComponent(new URL(req.url ?? '/', `https://${HOST}`).pathname);
    requested.push(wanted);
    const file = path.join(root, wanted);
    // Only media/ is published.
    if (!file.startsWith(media + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res
      .writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' })
      .end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://${HOST}:${port}/`,
    hostResolverRule: `MAP ${HOST} 127.0.0.1`,
    requested,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
