/** Shared webview styles, from the theme's CSS variables so light, dark and high-contrast themes all read well. */
export const BASE_CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 20px 24px; line-height: 1.45; }
h1 { font-size: 1.5em; margin: 16px 0 4px; }
h2 { font-size: 1.1em; margin: 0 0 4px; }
.sub { color: var(--vscode-descriptionForeground); margin: 0 0 12px; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 10px; font-weight: 600; border: 1px solid var(--vscode-contrastBorder, transparent); }
.badge.red, td.red { background: var(--vscode-charts-red); color: var(--vscode-editor-background); }
.badge.amber, td.amber { background: var(--vscode-charts-yellow); color: var(--vscode-editor-background); }
.badge.green, td.green { background: var(--vscode-charts-green); color: var(--vscode-editor-background); }
.badge.done, td.done { background: var(--vscode-charts-blue); color: var(--vscode-editor-background); }
.badge.none, td.none { background: transparent; color: var(--vscode-foreground); border-color: var(--vscode-widget-border, var(--vscode-foreground)); }
.badge.na, td.na { background: transparent; color: var(--vscode-disabledForeground); border-style: dashed; border-color: var(--vscode-disabledForeground); }
.badge.expired, td.expired { background: var(--vscode-charts-orange); color: var(--vscode-editor-background); }
.error { color: var(--vscode-errorForeground); }
.muted { color: var(--vscode-descriptionForeground); }
:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
`;

export function addStyles(css: string): void {
  const style = document.createElement('style');
  // The CSP allows only styles carrying the page's nonce: reuse the script's.
  const nonce = document.querySelector('script[nonce]')?.getAttribute('nonce');
  if (nonce) style.setAttribute('nonce', nonce);
  style.textContent = css;
  document.head.append(style);
}
