/**
 * Jira's own reasons for a refusal, read as Atlassian documents them and as pycontribs/jira reads them: after
 * failed logins Jira Data Center answers 403 with `X-Authentication-Denied-Reason: CAPTCHA_CHALLENGE;
 * login-url=…` until someone signs in through the browser; and on Data Center a 401 depends on which scheme was
 * sent (Basic with a username, Bearer with a personal access token), which the user chooses by setting jira.email.
 */
import { printable } from '../../domain/control-characters';

export interface JiraAuth {
  site: string;
  cloud: boolean;
  /** Basic auth (an account email or username was set); else the token went as Bearer. */
  basic: boolean;
}

export function jiraRefusal(status: number, headers: Record<string, unknown>, auth: JiraAuth): string | undefined {
  const denied = String(headers['x-authentication-denied-reason'] ?? '');
  if (status === 403 && /CAPTCHA_CHALLENGE/i.test(denied))
    return `HTTP 403, Jira asks for a CAPTCHA after failed logins: sign in once in the browser at ${loginUrl(denied, auth.site)}, then try again`;
  if (status !== 401 || auth.cloud) return undefined;
  return auth.basic
    ? 'HTTP 401, Jira refused the username and password (sent as Basic auth, since jira.email (JIRA_EMAIL) is set): check them, or to use a personal access token leave jira.email empty so the token goes as Bearer'
    : 'HTTP 401, Jira refused the personal access token (sent as Bearer, since jira.email (JIRA_EMAIL) is empty): set a valid token, or to sign in with a username and password set jira.email to the username';
}

/** The login page the header names, when it is an address on the configured site; else the site's own. */
function loginUrl(denied: string, site: string): string {
  const named = /login-url=([^\s;]+)/i.exec(denied)?.[1];
  try {
    if (named && new URL(named).origin === new URL(site).origin) return printable(named);
  } catch {
    // Not a URL: the site's own login page is named instead.
  }
  return `${site}/login.jsp`;
}
