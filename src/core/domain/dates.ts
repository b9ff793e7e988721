/** Calendar dates as written in files and prompts: YYYY-MM-DD, and a real day of the calendar. */
import { inputError } from '../errors';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "2027-02-30" has the shape but is no day: the round trip through Date catches it. */
export function isDate(s: string): boolean {
  return (
    DATE.test(s) &&
    !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
    new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)
  );
}

export function checkDate(s: string, what: string): string {
  if (!isDate(s)) throw inputError(`${what} "${s}" is not a date (YYYY-MM-DD)`);
  return s;
}

/** `--as-of YYYY-MM-DD`: the end of that day, when every time-dependent rule is judged; now when not given. */
export function asOf(day: string | undefined, now = new Date()): Date {
  if (day === undefined) return now;
  return new Date(`${checkDate(day.trim(), '--as-of')}T23:59:59.999Z`);
}
