/**
 * What both webview panels share: the panel with its strict HTML shell, typed and validated request serving,
 * pushes held until the webview has said it is ready, and disposal of everything the panel registered.
 */
import * as vscode from 'vscode';

import { type Handlers, type parseRequest, type Push } from '../shared/protocol';
import type { Ctx } from './ctx';
import { push, serveRequests } from './rpc-host';
import { webviewHtml, webviewOptions } from './webview-html';

export interface PanelSpec<R> {
  viewType: string;
  title: string;
  /** The bundled script in dist/webview, without .js. */
  script: string;
  schemas: Parameters<typeof parseRequest<R>>[1];
  /** A panel VS Code restored after a reload (a serializer's), taken over instead of opening a new one. */
  restored?: vscode.WebviewPanel;
}

export abstract class WebviewPanelBase<R extends { ready: unknown }> {
  protected readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private held: Push | undefined;

  protected constructor(
    protected readonly ctx: Ctx,
    spec: PanelSpec<R>,
  ) {
    this.panel =
      spec.restored ??
      vscode.window.createWebviewPanel(spec.viewType, spec.title, vscode.ViewColumn.Active, webviewOptions(ctx.ext));
    // A restored panel comes back without our options (scripts, local roots): set them as a new one gets them.
    if (spec.restored) this.panel.webview.options = webviewOptions(ctx.ext);
    this.panel.webview.html = webviewHtml(this.panel.webview, ctx.ext, spec.script, spec.title);
    this.disposables.push(
      serveRequests<R>(this.panel.webview, spec.schemas, this.readyAware(this.handlers()), ctx.log),
      // A hidden webview is torn down (we do not retain it): pushes wait until the reloaded page says ready again.
      this.panel.onDidChangeViewState(() => {
        if (!this.panel.visible) this.ready = false;
      }),
      this.panel.onDidDispose(() => {
        this.disposables.forEach((d) => d.dispose());
        this.disposed();
      }),
    );
  }

  /** Disposed with the panel. */
  protected own(disposable: vscode.Disposable): void {
    this.disposables.push(disposable);
  }

  /** One handler per request type; called once, while constructing. */
  protected abstract handlers(): Handlers<R>;

  /** The panel was closed. */
  protected abstract disposed(): void;

  /** Sends a push now if the webview is ready, else keeps the latest one for when it is. */
  protected send(message: Push): void {
    if (this.ready) push(this.panel.webview, message);
    else this.held = message;
  }

  /** Marks the webview ready once its `ready` request is answered, then sends what was held. */
  private readyAware(handlers: Handlers<R>): Handlers<R> {
    const ready = handlers.ready as (params: unknown) => Promise<unknown>;
    const wrapped = async (params: unknown) => {
      const result = await ready(params);
      this.ready = true;
      if (this.held) setTimeout(() => this.flush(), 0); // after the answer to ready
      return result;
    };
    return { ...handlers, ready: wrapped } as Handlers<R>;
  }

  private flush(): void {
    const held = this.held;
    this.held = undefined;
    if (held) push(this.panel.webview, held);
  }
}
