/** What a refused or failed request means, in the user's terms: the error callers handle, and the words for it. */
import { type SettingKey, SreError } from '../errors';
import { type ProxyAnswer } from './network-packages';
import { MAX_WAIT_MS } from './retry-timing';

/** An HTTP status the caller may handle (401, 403, 404, 409, 413…), with the body for details. */
export class HttpError extends SreError {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
    /** For a 429 or 5xx: how long the server asked us to wait before asking again (Retry-After, capped). */
    readonly retryAfterMs?: number,
    /** For a 401: the credential's setting, so the user is offered the command that stores a new one. */
    readonly credentialKey?: SettingKey,
  ) {
    super(message, 'runtime');
    this.name = 'HttpError';
  }
}

/**
 * Whether a failed create may have succeeded anyway: no answer (network failure, timeout) or a 5xx. Creates are
 * not idempotent, so the caller looks for what it created before trying again. A 429 is refused before any work
 * is done (Atlassian's and Broadcom's rate limits): nothing was created, and the create waits, then repeats.
 */
export function answerMayBeLost(e: unknown): boolean {
  if (e instanceof HttpError) return e.status >= 500;
  return e instanceof SreError && e.kind === 'runtime';
}

/**
 * A create refused by a rate limit: it may be sent again once the server's Retry-After has passed, unless the
 * server asked for longer than we ever wait (then the error says when to try again).
 */
export function throttled(e: unknown): e is HttpError {
  return e instanceof HttpError && e.status === 429 && (e.retryAfterMs ?? 0) <= MAX_WAIT_MS;
}

/** Why an attempt got no usable answer: said to the user, and whether trying again may help. */
export interface Failure {
  reason: string;
  retry: boolean;
}

/** Socket errors that, through a proxy, can only be the connection to the proxy. */
export const CONNECTION_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** What a proxy's own refusal of CONNECT means, in the user's terms. */
export function proxyRefused(answer: ProxyAnswer, proxy: string, server: string): Failure {
  const status = answer.statusCode;
  if (status === 407) {
    const schemes = [answer.headers['proxy-authenticate'] ?? []].flat().join(', ');
    const unsupported = /\b(NTLM|Negotiate|Kerberos)\b/i.test(schemes)
      ? `; it asks for ${/\bBasic\b/i.test(schemes) ? 'NTLM/Kerberos or Basic' : 'NTLM/Kerberos'}, which the CLI does not support (VS Code handles it for the extension through http.proxy)`
      : '';
    return {
      reason: `the proxy ${proxy} asks for credentials (HTTP 407 from the proxy): put them in HTTPS_PROXY as USER:PASSWORD@ before the proxy's host${unsupported}`,
      retry: false,
    };
  }
  if (status === 502 || status === 503 || status === 504)
    return {
      reason: `the proxy ${proxy} could not reach the server (HTTP ${status} from the proxy): check the server address (${server}) and that the proxy may reach it`,
      retry: true,
    };
  return {
    reason: `the proxy ${proxy} refused to connect to the server (HTTP ${status} from the proxy): ask whoever runs the proxy to allow ${new URL(server).host}, or name it in NO_PROXY`,
    retry: false,
  };
}

export function describeStatus(credential: string, status: number): string {
  switch (status) {
    case 401:
      return `HTTP 401, the credentials were refused: set a valid ${credential}`;
    case 403:
      return `HTTP 403, the account lacks permission for this: ask an administrator for access`;
    case 404:
      return 'HTTP 404, not found (or not visible to this account): check the id in the settings';
    case 409:
      return 'HTTP 409, someone else changed it meanwhile: run again';
    case 413:
      return 'HTTP 413, the request is too large';
    case 429:
      return 'HTTP 429, too many requests even after waiting: try again later';
    default:
      return status >= 500 ? `HTTP ${status}, the server failed even after retries: try again later` : `HTTP ${status}`;
  }
}

/** The server's own words, when it gave some, kept short. */
export function detail(data: unknown): string {
  const text =
    typeof data === 'string'
      ? data
      : data && typeof data === 'object'
        ? messageOf(data as Record<string, unknown>)
        : '';
  return text ? ` (${text.slice(0, 200)})` : '';
}

function messageOf(data: Record<string, unknown>): string {
  if (typeof data.message === 'string') return data.message;
  // Jira: {"errorMessages": [...], "errors": {"field": "message"}}
  if (
    Array.isArray(data.errorMessages) ||
    (data.errors && typeof data.errors === 'object' && !Array.isArray(data.errors))
  ) {
    const fields =
      data.errors && typeof data.errors === 'object'
        ? Object.entries(data.errors as Record<string, unknown>).map(([k, v]) => `${k}: ${String(v)}`)
        : [];
    return [...((data.errorMessages as unknown[] | undefined) ?? []).map(String), ...fields].join('; ');
  }
  const errors = data.errors;
  if (Array.isArray(errors))
    return errors
      .map((e) => (e && typeof e === 'object' ? String((e as Record<string, unknown>).title ?? '') : String(e)))
      .filter(Boolean)
      .join('; ');
  return '';
}
