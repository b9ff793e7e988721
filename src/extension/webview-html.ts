/** The HTML shell of our webviews: a strict Content-Security-Policy, a per-load nonce, one bundled script. */
import { randomUUID } from 'node:crypto';

import * as vscode from 'vscode';

import { contentSecurityPolicy } from './webview-csp';

/** Webviews load only from the built webview folder. */
export function webviewRoot(ext: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(ext.extensionUri, 'dist', 'webview');
}

export function webviewOptions(ext: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [webviewRoot(ext)], retainContextWhenHidden: false };
}

export function webviewHtml(
  webview: vscode.Webview,
  ext: vscode.ExtensionContext,
  script: string,
  title: string,
): string {
  const nonce = randomUUID().replace(/-/g, '');
  const src = webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot(ext), `${script}.js`));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${title.replace(/[<>&"]/g, '')}</title>
</head>
<body>
<main id="app"></main>
<script nonce="${nonce}" src="${src.toString()}"></script>
</body>
</html>`;
}
