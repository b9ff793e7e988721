/**
 * A corporate forward proxy, as the CLI meets one: https through CONNECT (RFC 9110 §9.3.6), Basic credentials asked
 * with 407 and Proxy-Authenticate (RFC 9110 §11.7.1), 502 when it cannot reach the server. It logs every request it
 * gets, so a test can tell what went through it and what went direct.
 *
 * Names under a test domain (`*.corp.test`) resolve only here, as internal names resolve only at the proxy: each
 * maps to a loopback port, either tunnelled as it is (a TLS server) or with TLS terminated by the proxy under a
 * certificate of the company's CA (a proxy that re-signs TLS), in front of a plain-http fake.
 */
import * as http from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';

export interface ProxyRoute {
  port: number;
  /** The certificate the proxy shows for this name, when it terminates TLS itself. */
  tls?: { key: string; cert: string };
}

export interface ProxyLogEntry {
  method: string;
  target: string;
  proxyAuthorization?: string;
}

export class ForwardProxy {
  private readonly server = http.createServer((req, res) => this.plain(req, res));
  readonly log: ProxyLogEntry[] = [];
  /** `user:password` the proxy asks for; none: it lets everyone through. */
  credentials: string | undefined;
  /** The schemes its 407 offers, in order: Basic, or what an NTLM/Kerberos proxy offers. */
  schemes = ['Basic realm="corp"'];
  /** Answer every CONNECT with this status instead of tunnelling (502: it cannot reach the server). */
  failWith: number | undefined;
  private readonly routes = new Map<string, ProxyRoute>();
  private readonly sockets = new Set<Socket>();

  constructor() {
    this.server.on('connect', (req: http.IncomingMessage, socket: Socket, head: Buffer) =>
      this.tunnel(req, socket, head),
    );
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Sends `hostname` (any port) to a loopback port. */
  route(hostname: string, route: ProxyRoute): void {
    this.routes.set(hostname, route);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  start(): Promise<void> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  stop(): Promise<void> {
    this.sockets.forEach((s) => s.destroy());
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Whether the proxy lets this request on, answering it itself when not. */
  private admit(req: http.IncomingMessage, answer: (head: string, body: string) => void): boolean {
    const authorization = req.headers['proxy-authorization'];
    this.log.push({ method: req.method ?? '', target: req.url ?? '', proxyAuthorization: authorization });
    const expected = this.credentials && `Basic ${Buffer.from(this.credentials).toString('base64')}`;
    if (expected && authorization !== expected) {
      // As some proxies do, the refusal page quotes what it was sent: the client must not print it.
      const offered = this.schemes.map((s) => `Proxy-Authenticate: ${s}\r\n`).join('');
      answer(`407 Proxy Authentication Required\r\n${offered}`, `Access denied for ${authorization ?? 'nobody'}`);
      return false;
    }
    if (this.failWith) {
      answer(`${this.failWith} ${http.STATUS_CODES[this.failWith]}\r\n`, 'The proxy could not connect to the server');
      return false;
    }
    return true;
  }

  private tunnel(req: http.IncomingMessage, client: Socket, head: Buffer): void {
    // A client that hangs up on a refusal resets the socket: that is its right, not the proxy's failure.
    client.on('error', () => client.destroy());
    const answer = (status: string, body: string) =>
      client.end(
        `HTTP/1.1 ${status}Content-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    if (!this.admit(req, answer)) return;
    const [hostname = '', port = '443'] = (req.url ?? '').split(/:(?=\d+$)/);
    const route = this.routes.get(hostname.replace(/^\[|\]$/g, ''));
    const upstream = connect(route?.port ?? Number(port), route ? '127.0.0.1' : hostname);
    upstream.on('error', () => answer('502 Bad Gateway\r\n', `cannot reach ${req.url}`));
    client.on('close', () => upstream.destroy());
    upstream.on('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) client.unshift(head);
      const inner = route?.tls ? new TLSSocket(client, { isServer: true, ...route.tls }) : client;
      inner.pipe(upstream).pipe(inner);
      inner.on('error', () => upstream.destroy());
    });
  }

  /** Plain-http proxying (absolute URIs) is logged and refused: nothing of ours should ever send one. */
  private plain(req: http.IncomingMessage, res: http.ServerResponse): void {
    const answer = (status: string, body: string) => {
      res.writeHead(Number(status.slice(0, 3)), { 'Content-Type': 'text/plain' });
      res.end(body);
    };
    if (this.admit(req, answer)) answer('502', 'this proxy forwards https only');
  }
}
