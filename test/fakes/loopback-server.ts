/** What both fakes share: an HTTP server on 127.0.0.1 on a free port, started and stopped by the tests. */
import * as http from 'node:http';
import { type AddressInfo } from 'node:net';

export abstract class LoopbackServer {
  private server: http.Server | undefined;

  protected get origin(): string {
    const port = (this.server?.address() as AddressInfo | null)?.port;
    return `http://127.0.0.1:${port}`;
  }

  protected abstract handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void>;

  start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    return new Promise((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }
}
