/** Who is making a change, for the history: the OS login name (VS Code has no signed-in identity we can rely on). */
import * as os from 'node:os';

export function currentUser(): string {
  try {
    return os.userInfo().username || 'vscode';
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'vscode';
  }
}
