/**
 * HTTP for the tracker and page clients: a deadline for every request, a cap on every answer, bounded retries on
 * 429/5xx (honouring Retry-After), credentials only ever sent to the configured origin, errors that name the
 * operation and never carry a secret.
 */
import type { AxiosError, AxiosInstance, AxiosStatic, Method } from 'axios';

import { CancelledError, inputError, keepSecret, redact, type SettingKey, SreError } from '../errors';
import { DEFAULT_NETWORK } from '../settings';
import { CONNECTION_FAILURES, describeStatus, detail, type Failure, HttpError, proxyRefused } from './http-errors';
import { issuerOf, isUntrustedCertificate, type NetworkMode, type Route, routeFor, trustAdvice } from './network';
import { type ProxyAnswer } from './network-packages';
import { askedWaitMs, clock, duration, MAX_WAIT_MS, retryDelayMs, type RetryHint } from './retry-timing';

/** Per attempt, from sending to the last byte of the answer: a server that drips a byte at a time still ends. */
const DEFAULT_DEADLINE_MS = DEFAULT_NETWORK.timeoutSeconds * 1000;
/** Generous for a page of 2,000 Rally stories (a few MB); a flood past it is cut off, not buffered. */
const DEFAULT_MAX_BODY_BYTES = DEFAULT_NETWORK.maxResponseMegabytes * 1024 * 1024;

export interface HttpConfig {
  /** "Rally", "Jira" or "Confluence": errors start with it. */
  service: string;
  baseUrl: string;
  headers: Record<string, string>;
  /** The credentials the headers carry: hidden from every message from now on (see keepSecret). */
  secrets: string[];
  /** The whole of one attempt, answer included. */
  timeoutMs?: number;
  /** All attempts of one request together, waits included; twice `timeoutMs` unless said. */
  overallMs?: number;
  /** Largest answer accepted, in bytes. */
  maxBodyBytes?: number;
  /** Retries after the first attempt, for 429, 5xx and network failures. */
  retries?: number;
  /** Waits between attempts; tests pass a fast one. */
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
  /** What the 401 answer asks the user to set: "Rally API key", "Jira API token (and the account email)". */
  credential: string;
  /** The setting that holds the credential (`jira.apiToken`): what a refused one (401) asks the user to set again. */
  credentialKey?: SettingKey;
  /** How requests reach the network; the CLI's default reads the proxy variables. */
  network?: NetworkMode;
  /** Called once per HTTP request sent (the benchmark counts them). */
  onRequest?: () => void;
  /**
   * The service's own reading of a refusal, from its status and headers (Jira's CAPTCHA after failed logins, which
   * scheme a 401 refused); undefined to say it the usual way.
   */
  refusal?: (status: number, headers: Record<string, unknown>) => string | undefined;
  /** Called before each repeat, with what failed and which try comes next: "Rally is not answering… try 2 of 5". */
  onRetry?: (message: string) => void;
}

/** What a client's caller may tune: passed through to its HttpClient unchanged. */
export type HttpTuning = Pick<
  HttpConfig,
  'timeoutMs' | 'overallMs' | 'maxBodyBytes' | 'retries' | 'sleep' | 'signal' | 'onRequest' | 'onRetry' | 'network'
>;

/** Picks the tuning out of a client's options (which also hold credentials that must not travel further). */
export function tuning(o: HttpTuning): HttpTuning {
  return {
    timeoutMs: o.timeoutMs,
    overallMs: o.overallMs,
    maxBodyBytes: o.maxBodyBytes,
    retries: o.retries,
    sleep: o.sleep,
    signal: o.signal,
    onRequest: o.onRequest,
    onRetry: o.onRetry,
    network: o.network,
  };
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Secrets travel only over HTTPS; plain HTTP is allowed to loopback addresses, for local testing. An address never
 * holds a credential: every link built from it would carry it into sre_data.db, reports and pull requests.
 */
export function checkServiceUrl(url: string, what: string, credential = 'the credential'): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw inputError(`${what} "${redact(url)}" is not a URL`);
  }
  if (parsed.username || parsed.password)
    throw inputError(
      `${what} "${redact(url)}" holds a user name or password: take them out of the address; ${credential} goes in its own setting, never in an address`,
    );
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && LOOPBACK.test(parsed.hostname)) return parsed;
  throw inputError(`${what} must use https:// (plain http is allowed only for localhost), not "${redact(url)}"`);
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface HttpResponse<T> {
  status: number;
  data: T;
}

/** What came back from one attempt, whatever its status. */
interface Answer {
  status: number;
  data: unknown;
  headers: Record<string, unknown>;
  hint: RetryHint;
  /** Set when the proxy itself answered the CONNECT. */
  refusal: ProxyAnswer | undefined;
}

/** The packages a request needs, loaded on the first one. */
interface Packages {
  axios: AxiosStatic;
  instance: AxiosInstance;
  proxyRefusal: (request: unknown) => ProxyAnswer | undefined;
}

export class HttpClient {
  private packages: Promise<Packages> | undefined;
  private readonly origin: string;

  constructor(private readonly config: HttpConfig) {
    this.origin = checkServiceUrl(config.baseUrl, `${config.service} URL`, `the ${config.credential}`).origin;
    config.secrets.forEach(keepSecret);
  }

  private get deadlineMs(): number {
    return this.config.timeoutMs ?? DEFAULT_DEADLINE_MS;
  }

  /** axios is loaded on the first request: the extension and the CLI start without it and all it pulls in (undici, mime-db…). */
  private load(): Promise<Packages> {
    this.packages ??= import('./network-packages').then(({ axios, proxyRefusal }) => ({
      axios,
      proxyRefusal,
      instance: axios.create({
        baseURL: this.config.baseUrl,
        headers: this.config.headers,
        // Every status comes back to us: we decide what is an error and never let axios put headers in a message.
        validateStatus: () => true,
        maxRedirects: 0,
        // A path is always joined to the configured server: an absolute URL a server handed us never gets our headers.
        allowAbsoluteUrls: false,
        maxContentLength: this.config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        proxy: false,
      }),
    }));
    return this.packages;
  }

  /** A path on the configured server; anything that would reach another scheme, host or port is refused. */
  private checkPath(operation: string, path: string): void {
    const target = new URL(
      path.startsWith('/') ? `${this.config.baseUrl.replace(/\/+$/, '')}${path}` : path,
      this.config.baseUrl,
    );
    if (target.origin !== this.origin || /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) {
      throw new SreError(
        `${this.config.service}: ${operation} refused: the server pointed at ${target.origin}, not the configured ${this.origin}; credentials are only sent to the configured server`,
      );
    }
  }

  /**
   * Sends a request; retries 429, 5xx and network failures when `retry` is true (not for creates, which are not
   * idempotent). Any other non-2xx status throws an HttpError that says what failed and what to check.
   */
  async request<T>(
    operation: string,
    method: Method,
    path: string,
    options: { params?: Record<string, string | number | boolean>; body?: unknown; retry?: boolean } = {},
  ): Promise<HttpResponse<T>> {
    this.checkPath(operation, path);
    const retries = options.retry === false ? 0 : (this.config.retries ?? 4);
    const sleep = this.config.sleep ?? defaultSleep;
    const packages = await this.load();
    const route = await routeFor(this.config.baseUrl, this.config.network ?? 'env');
    // One deadline for the request: a server that never answers is reported after it, not after every try's.
    const started = Date.now();
    const giveUpAt = started + (this.config.overallMs ?? 2 * this.deadlineMs);
    const canRetry = (attempt: number, waitMs: number) => attempt < retries && Date.now() + waitMs < giveUpAt;
    for (let attempt = 0; ; attempt++) {
      if (this.config.signal?.aborted) throw this.cancelled(operation);
      const sent = await this.send(
        { method, url: path, params: options.params, data: options.body },
        packages,
        route,
        giveUpAt,
      );
      if ('failure' in sent) {
        if (this.config.signal?.aborted) throw this.cancelled(operation);
        const waitMs = retryDelayMs({}, attempt);
        if (sent.failure.retry && canRetry(attempt, waitMs)) {
          this.retrying(sent.failure.reason, attempt, retries);
          await sleep(waitMs);
          continue;
        }
        // How many tries it took, and how long, is part of the story: "no answer within 30 s" after 160 s is a puzzle.
        const seconds = Math.round((Date.now() - started) / 100) / 10;
        const tries = attempt > 0 ? ` (${attempt + 1} tries, ${seconds} s in all)` : '';
        throw new SreError(`${this.config.service}: ${operation} failed: ${sent.failure.reason}${tries}`, 'runtime', {
          cause: sent.error,
        });
      }
      const verdict = this.verdict(operation, sent, route, attempt, giveUpAt);
      if ('response' in verdict) return verdict.response as HttpResponse<T>;
      if (!canRetry(attempt, verdict.retry.waitMs)) throw verdict.retry.otherwise;
      this.retrying(verdict.retry.reason, attempt, retries);
      await sleep(verdict.retry.waitMs);
    }
  }

  /** One attempt under its own deadline: the answer, whatever its status, or why there was none. */
  private async send(
    request: { method: Method; url: string; params?: Record<string, string | number | boolean>; data?: unknown },
    { axios, instance, proxyRefusal }: Packages,
    route: Route,
    giveUpAt: number,
  ): Promise<Answer | { failure: Failure; error: unknown }> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), Math.max(1, Math.min(this.deadlineMs, giveUpAt - Date.now())));
    const signal = this.config.signal ? AbortSignal.any([this.config.signal, deadline.signal]) : deadline.signal;
    try {
      this.config.onRequest?.();
      const { agent } = route;
      const response = await instance.request({
        ...request,
        signal,
        // No agent of our own when none is needed: in VS Code the host's proxy agent applies then.
        ...(agent ? { httpAgent: agent, httpsAgent: agent } : {}),
      });
      const headers = response.headers as Record<string, unknown>;
      return {
        status: response.status,
        data: response.data as unknown,
        headers,
        hint: { retryAfter: headers['retry-after'], reset: headers['x-ratelimit-reset'] },
        refusal: proxyRefusal(response.request),
      };
    } catch (e) {
      if (this.config.signal?.aborted) return { failure: { reason: 'cancelled', retry: false }, error: e };
      return { failure: await this.failureOf(e as AxiosError, axios, deadline.signal.aborted, route), error: e };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * What an answer means: the response (2xx), a wait before trying again (429, 5xx, a proxy that could not reach
   * the server) with the error to throw when no try is left, or an error thrown at once.
   */
  private verdict(
    operation: string,
    answer: Answer,
    route: Route,
    attempt: number,
    giveUpAt: number,
  ): { response: HttpResponse<unknown> } | { retry: { reason: string; waitMs: number; otherwise: Error } } {
    const { status, data, headers, hint, refusal } = answer;
    const failed = (reason: string) => `${this.config.service}: ${operation} failed: ${reason}`;
    if (refusal && route.proxy) {
      // The proxy answered CONNECT itself: its status and page are about the proxy, never the server's.
      const failure = proxyRefused(refusal, route.proxy, this.config.baseUrl);
      const otherwise = new HttpError(failed(failure.reason), status, undefined);
      if (!failure.retry) throw otherwise;
      return { retry: { reason: `HTTP ${status} from the proxy`, waitMs: retryDelayMs({}, attempt), otherwise } };
    }
    if (status >= 200 && status < 300) return { response: { status, data } };
    if (status >= 300 && status < 400) throw this.redirected(operation, status, headers.location, data);
    const busy = status === 429 || status >= 500;
    const asked = askedWaitMs(hint);
    if (busy && asked !== undefined && (asked > MAX_WAIT_MS || Date.now() + asked > giveUpAt)) {
      // Asking sooner than the server said is refused again: say when instead.
      const when = new Date(Date.now() + asked);
      throw new HttpError(
        failed(
          `HTTP ${status}, ${this.config.service} asks to wait ${duration(asked)}; try again after ${clock(when)}`,
        ),
        status,
        data,
        asked,
      );
    }
    const own = this.config.refusal?.(status, headers);
    const otherwise = new HttpError(
      failed(own ?? `${describeStatus(this.config.credential, status)}${detail(data)}`),
      status,
      data,
      busy ? retryDelayMs(hint, attempt) : undefined,
      status === 401 ? this.config.credentialKey : undefined,
    );
    if (!busy) throw otherwise;
    return { retry: { reason: `HTTP ${status}`, waitMs: retryDelayMs(hint, attempt), otherwise } };
  }

  /** Waits as long as `e` asks (a 429's Retry-After), or the backoff for `attempt`; cancellable like a request. */
  async wait(e: unknown, attempt: number): Promise<void> {
    const ms = e instanceof HttpError && e.retryAfterMs !== undefined ? e.retryAfterMs : retryDelayMs({}, attempt);
    await (this.config.sleep ?? defaultSleep)(ms);
  }

  private cancelled(operation: string): SreError {
    return new CancelledError(`${this.config.service}: ${operation} was cancelled`);
  }

  private retrying(reason: string, attempt: number, retries: number): void {
    this.config.onRetry?.(`${this.config.service} is not answering (${reason}): try ${attempt + 2} of ${retries + 1}…`);
  }

  /**
   * Redirects are never followed with credentials. Where the server wanted to go says what is wrong: a sign-in page
   * means the address or the token is not what the API expects.
   */
  private redirected(operation: string, status: number, location: unknown, data: unknown): HttpError {
    const where = typeof location === 'string' && location ? ` → ${location}` : '';
    const signIn = /login|signin|sign-in|sso|saml|oauth|auth/i.test(where);
    const what = signIn ? 'a sign-in redirect' : 'a redirect';
    return new HttpError(
      `${this.config.service}: ${operation} failed: the server answered with ${what} (${status}${where}), which is not followed with credentials; check the address (${this.config.baseUrl}) and the ${this.config.credential}`,
      status,
      data,
    );
  }

  private async failureOf(
    err: AxiosError,
    axios: AxiosStatic,
    deadlinePassed: boolean,
    route: Route,
  ): Promise<Failure> {
    if (isUntrustedCertificate(err.code)) {
      const host = new URL(this.config.baseUrl).host;
      const issuer = await issuerOf(this.config.baseUrl, this.config.network ?? 'env');
      return {
        reason: `the certificate of ${host} is not trusted${issuer ? ` (issued by ${issuer})` : ''} (${err.code}): ${trustAdvice(this.config.network ?? 'env', issuer)}`,
        retry: false,
      };
    }
    const check = route.proxy
      ? `check the server address (${this.config.baseUrl}) and the proxy ${route.proxy} (HTTPS_PROXY)`
      : `check the server address (${this.config.baseUrl}) and your network`;
    if (route.proxy && CONNECTION_FAILURES.has(err.code ?? '')) {
      // Through a proxy the only connection made is to the proxy: a refusal or an unknown name is the proxy's.
      return {
        reason: `the proxy ${route.proxy} could not be reached (${err.code}): check HTTPS_PROXY, or name the server in NO_PROXY to go direct`,
        retry: false,
      };
    }
    if (deadlinePassed || err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT') {
      return { reason: `no complete answer within ${this.deadlineMs / 1000} s; ${check}`, retry: true };
    }
    if (/maxContentLength/.test(err.message)) {
      const mb = (this.config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES) / (1024 * 1024);
      return {
        reason: `the answer was larger than ${mb} MB and was cut off; check the server address (${this.config.baseUrl})`,
        retry: false,
      };
    }
    if (axios.isCancel(err)) return { reason: 'cancelled', retry: false };
    // Nothing listens there, or the name does not resolve: asking again changes nothing.
    if (err.code === 'ECONNREFUSED')
      return { reason: `the connection was refused (ECONNREFUSED); ${check}`, retry: false };
    if (err.code === 'ENOTFOUND')
      return { reason: `the host name does not resolve (ENOTFOUND); ${check}`, retry: false };
    return { reason: `network error (${err.code ?? err.message}); ${check}`, retry: true };
  }
}
