/** The webview end of the protocol: one request method, answers matched by id, pushes to a listener. */
import type { Push, RequestOf, Response } from '../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

type ParamsOf<R, K extends keyof R> = R[K] extends { params: infer P } ? P : never;
type ResultOf<R, K extends keyof R> = R[K] extends { result: infer T } ? T : never;

export class Rpc<R> {
  private readonly api = acquireVsCodeApi();
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(onPush: (message: Push) => void) {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      const data = event.data as Partial<Response> & Partial<Push>;
      if (typeof data.push === 'string') {
        onPush(data as Push);
        return;
      }
      const waiting = typeof data.id === 'number' ? this.pending.get(data.id) : undefined;
      if (!waiting || data.id === undefined) return;
      this.pending.delete(data.id);
      if (data.ok) waiting.resolve((data as { result: unknown }).result);
      else waiting.reject(new Error((data as { error?: string }).error ?? 'request failed'));
    });
  }

  /** What this page kept with `keep`: VS Code gives it back when a hidden tab is shown again or the window reloads. */
  kept(): unknown {
    return this.api.getState();
  }

  keep(state: unknown): void {
    this.api.setState(state);
  }

  request<K extends keyof R & string>(type: K, params: ParamsOf<R, K>): Promise<ResultOf<R, K>> {
    const id = this.nextId++;
    const message = { id, type, params } as RequestOf<R>;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.api.postMessage(message);
    });
  }
}
