/**
 * NCRONTAB as Azure Functions timers use it: six fields, `second minute hour day month day-of-week`, each `*`,
 * a number, a range `a-b`, a list `a,b` or a step `*\/n` / `a-b/n`. Enough for the local host to fire timers on
 * the same schedules as Azure.
 */
const LIMITS: [number, number][] = [[0, 59], [0, 59], [0, 23], [1, 31], [1, 12], [0, 6]];

export type Schedule = Set<number>[];

export function parseSchedule(expression: string): Schedule {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6) throw new Error(`NCRONTAB "${expression}" needs 6 fields (second minute hour day month day-of-week)`);
  return fields.map((field, i) => parseField(field, LIMITS[i]!, expression));
}

function parseField(field: string, [min, max]: [number, number], expression: string): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let [from, to] = [min, max];
    if (range !== '*') {
      const [a, b] = range!.split('-').map(Number);
      from = a!;
      to = b ?? (stepText === undefined ? a! : max);
    }
    if (![from, to, step].every(Number.isInteger) || from < min || to > max || step < 1) {
      throw new Error(`NCRONTAB "${expression}": field "${field}" is out of range ${min}-${max}`);
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

/** The first whole second strictly after `after` that the schedule matches (UTC). */
export function nextOccurrence(schedule: Schedule, after: Date): Date {
  const t = new Date(Math.floor(after.getTime() / 1000) * 1000 + 1000);
  for (let i = 0; i < 366 * 24 * 3600; i++) {
    const parts = [t.getUTCSeconds(), t.getUTCMinutes(), t.getUTCHours(), t.getUTCDate(), t.getUTCMonth() + 1, t.getUTCDay()];
    if (parts.every((v, k) => schedule[k]!.has(v))) return t;
    // Skip a whole minute when seconds cannot match in this minute's remaining range.
    t.setTime(t.getTime() + 1000);
  }
  throw new Error('schedule never fires within a year');
}
