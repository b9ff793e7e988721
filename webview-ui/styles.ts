/** Shared webview styles, from the theme's CSS variables so light, dark and high-contrast themes all read well; status colours are STATUS_COLOURS, in dark themes DARK_STATUS_COLOURS. */
import { DARK_STATUS_COLOURS, STATUS_COLOURS } from '../src/shared/status-style';

export const BASE_CSS = `${STATUS_COLOURS}
${DARK_STATUS_COLOURS}
/* The page's own background, so it (and what measures its contrast) does not depend on what shows through. */
html, body { background-color: var(--vscode-editor-background); }
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 20px 24px; line-height: 1.45; }
h1 { font-size: 1.5em; margin: 16px 0 4px; }
h2 { font-size: 1.1em; margin: 0 0 4px; }
.sub { color: var(--vscode-descriptionForeground); margin: 0 0 12px; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 10px; font-weight: 600; border: 1px solid var(--vscode-contrastBorder, transparent); }
.badge.none { border-color: var(--vscode-widget-border, var(--vscode-foreground)); }
.badge.na { border-style: dashed; border-color: var(--vscode-foreground); }
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
