/** What every client gets besides its settings and secret: cancellation, observation and the request limits. */
import { type TrackerSettings } from '../settings';
import { type NetworkMode } from './network';

export interface ClientHooks {
  signal?: AbortSignal;
  onRequest?: () => void;
  /** Before each repeat of a request: what failed and which try comes next. */
  onRetry?: (message: string) => void;
  onWarning?: (warning: string) => void;
  /** `host` in VS Code (its proxy support applies); the CLI's default, `env`, reads the proxy variables. */
  network?: NetworkMode;
}

/** The request limits the settings give, for a client's options. */
export function limits(settings: TrackerSettings): { timeoutMs: number; maxBodyBytes: number } {
  return {
    timeoutMs: settings.network.timeoutSeconds * 1000,
    maxBodyBytes: settings.network.maxResponseMegabytes * 1024 * 1024,
  };
}
