/** A failed command said once, in the user's words; the adapter's own prefix and operation stay in the log. */
import { describeError } from '../core/errors';
import { nameSetting } from './config';

/** "<Service>: read the subscription failed: HTTP 401, …": the service and the reason, without the internal verb. */
const ADAPTER_FAILURE = /^([A-Z][\w.]*(?: [A-Z][\w.]*)?): .+? failed: (.+)$/s;

/**
 * "SRE: Create <Service> Story failed: HTTP 401, the credentials were refused: …" — not "SRE: Create <Service>
 * Story: <Service>: read the subscription failed: …". The service is named when the command's title does not
 * already name it.
 */
export function failureText(title: string, e: unknown): string {
  const message = describeError(e, nameSetting);
  const adapter = ADAPTER_FAILURE.exec(message);
  if (!adapter) return `SRE: ${title} failed: ${message}`;
  const [, service = '', reason = ''] = adapter;
  return `SRE: ${title} failed${title.includes(service) ? '' : ` (${service})`}: ${reason}`;
}
