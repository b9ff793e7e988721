/** What the fakes share: an HTTP server on a loopback address and a free port, started and stopped by the tests. */
import * as http from 'node:http';
import { type AddressInfo } from 'node:net';

export abstract class LoopbackServer {
  private server: http.Server | undefined;
  /**
   * The address clients use when they reach the fake through a proxy that terminates TLS for it
   * (test/fakes/forward-proxy.ts, as a corporate proxy that re-signs TLS): the links the fake hands out carry it.
   */
  publicOrigin: string | undefined;

  protected get origin(): string {
    const address = this.server?.address() as AddressInfo | null;
    return this.publicOrigin ?? `http://${address?.address ?? '127.0.0.1'}:${address?.port}`;
  }

  /** The loopback port the fake listens on. */
  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  protected abstract handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;

  /**
   * Listens on `host`: 127.0.0.1, or another loopback address where a client must not treat the server as
   * localhost (VS Code sends localhost and 127.0.0.1 past its proxy, so the end-to-end proxy step uses 127.0.0.2).
   */
  start(host = '127.0.0.1'): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    return new Promise((resolve) => this.server?.listen(0, host, resolve));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }
}
