import { CronExpressionParser, type CronExpression } from 'cron-parser';
import { errorMessage } from '../errors.js';

/**
 * NCRONTAB as Azure Functions timers read it (https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer,
 * "CRON expressions"): six fields `{second} {minute} {hour} {day} {month} {day-of-week}`, each `*`, a value, a range
 * `a-b`, a set `a,b` or an interval `/n`; days and months may be English names, any case, abbreviated to three letters
 * or more (`0 30 9 * Jan Mon`), days of the week are 0-6 from Sunday. cron-parser does the parsing; it also accepts
 * things NCRONTAB does not (five fields, `L`, `W`, `#`, `?`, `@daily`, 7 for Sunday), which are refused here so that a
 * schedule that runs locally also runs in Azure. Both the settings check and the local host's timers use this.
 */
export interface Schedule {
  readonly expression: string;
  /** Parsed once, so a bad expression fails where it is read; each next occurrence parses `fields` again from that time. */
  readonly cron: CronExpression;
  readonly fields: string;
  /** Both day and day-of-week restricted: NCRONTAB fires only on days matching both (cron-parser would take either). */
  readonly bothDays: boolean;
}

const FIELD_NAMES = ['second', 'minute', 'hour', 'day', 'month', 'day-of-week'];
// A value: digits or a name; NCRONTAB has no L, W, #, ? or H.
const ATOM = /^(\*|\d+|[A-Za-z]{3,})$/;
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export function parseSchedule(expression: string): Schedule {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new Error(`NCRONTAB "${expression}" needs 6 fields (second minute hour day month day-of-week), got ${fields.length}`);
  }
  const numeric = fields.map((field, i) => numericField(field, i, expression));
  let cron: CronExpression;
  try {
    cron = CronExpressionParser.parse(numeric.join(' '), { tz: 'UTC', currentDate: new Date(0) });
  } catch (error) {
    throw new Error(`NCRONTAB "${expression}": ${errorMessage(error)}`);
  }
  return { expression, cron, fields: numeric.join(' '), bothDays: fields[3] !== '*' && fields[5] !== '*' };
}

/** The field with names replaced by numbers (cron-parser knows only three-letter names), after checking its shape. */
function numericField(field: string, index: number, expression: string): string {
  const [range, step, extra] = field.split('/');
  const atoms = range!.split(',').flatMap((part) => part.split('-'));
  const fine = extra === undefined && (step === undefined || /^\d+$/.test(step)) && atoms.every((atom) => ATOM.test(atom));
  if (!fine) throw new Error(`NCRONTAB "${expression}": ${FIELD_NAMES[index]} field "${field}" is not a value, range, set or interval`);
  if (index === 5 && atoms.some((atom) => /^\d+$/.test(atom) && Number(atom) > 6)) {
    throw new Error(`NCRONTAB "${expression}": day-of-week is 0-6 (Sunday is 0), got "${field}"`);
  }
  return field.replace(/[A-Za-z]+/g, (name) => {
    const names = index === 4 ? MONTHS : index === 5 ? DAYS : [];
    const found = names.findIndex((full) => full.startsWith(name.toLowerCase()));
    if (found < 0) throw new Error(`NCRONTAB "${expression}": "${name}" is not a ${FIELD_NAMES[index]} name`);
    return String(index === 4 ? found + 1 : found);
  });
}

/** The first whole second strictly after `after` that the schedule matches (UTC). */
export function nextOccurrence(schedule: Schedule, after: Date): Date {
  const cron = CronExpressionParser.parse(schedule.fields, { tz: 'UTC', currentDate: after });
  // cron-parser ORs day and day-of-week when both are restricted; keep only the days matching both, as NCRONTAB does.
  for (let i = 0; i < 10_000; i++) {
    const next = cron.next().toDate();
    if (!schedule.bothDays || matchesBothDays(schedule, next)) return next;
  }
  throw new Error(`NCRONTAB "${schedule.expression}" never fires`);
}

function matchesBothDays(schedule: Schedule, at: Date): boolean {
  const { dayOfMonth, dayOfWeek } = schedule.cron.fields;
  const weekday = at.getUTCDay();
  return dayOfMonth.values.map(Number).includes(at.getUTCDate()) && dayOfWeek.values.some((d) => Number(d) % 7 === weekday);
}
