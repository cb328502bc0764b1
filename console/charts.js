import { h, s } from './dom.js';

let ids = 0;
const dayOf = (iso) => iso.slice(0, 10);

/** The last `n` days up to the latest in `dates` (ISO strings), oldest first. */
function lastDays(dates, n) {
  const end = dates.length ? new Date(`${dates.reduce((a, b) => (a > b ? a : b)).slice(0, 10)}T00:00:00Z`) : new Date();
  return Array.from({ length: n }, (_, i) => new Date(end.getTime() - (n - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/**
 * Stacked bars, one per day, one colour per series (colours come from the stylesheet: `series-<key>`). The SVG is
 * an image with a title and a text summary; the legend and a data table below carry the same numbers for people
 * who do not see the bars.
 */
export function stackedBars({ title, items, dateOf, keyOf, days = 14 }) {
  const dates = items.map(dateOf).filter(Boolean);
  const axis = lastDays(dates, days);
  const keys = [...new Set(items.map(keyOf))].sort();
  const counts = new Map(axis.map((d) => [d, Object.fromEntries(keys.map((k) => [k, 0]))]));
  for (const item of items) {
    const day = counts.get(dayOf(dateOf(item) ?? ''));
    if (day) day[keyOf(item)] += 1;
  }
  const max = Math.max(1, ...[...counts.values()].map((c) => Object.values(c).reduce((a, b) => a + b, 0)));
  const width = 24 * days + 40;
  const height = 140;
  const bars = axis.flatMap((day, i) => {
    let y = 120;
    return keys.map((key) => {
      const value = counts.get(day)[key];
      const barHeight = (value / max) * 110;
      y -= barHeight;
      return value
        ? s(
            'rect',
            { x: 32 + i * 24, y, width: 18, height: barHeight, class: `series-${slug(key)}` },
            s('title', {}, `${day}: ${value} ${key}`),
          )
        : null;
    });
  });
  const id = `chart-${++ids}`;
  const total = items.length;
  return h(
    'figure',
    { class: 'chart' },
    h('figcaption', { id }, title),
    s(
      'svg',
      { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': id, 'aria-describedby': `${id}-sum` },
      s('line', { x1: 30, y1: 120, x2: width, y2: 120, class: 'axis' }),
      s('text', { x: 0, y: 14, class: 'tick' }, String(max)),
      s('text', { x: 0, y: 120, class: 'tick' }, '0'),
      s('text', { x: 32, y: 136, class: 'tick' }, axis[0].slice(5)),
      s('text', { x: width - 40, y: 136, class: 'tick' }, axis[axis.length - 1].slice(5)),
      bars,
    ),
    h(
      'p',
      { id: `${id}-sum`, class: 'legend' },
      `${total} over the last ${days} days: `,
      keys.map((key) =>
        h(
          'span',
          { class: 'key' },
          h('span', { class: `swatch series-${slug(key)}`, 'aria-hidden': 'true' }),
          `${key} ${items.filter((it) => keyOf(it) === key).length}`,
        ),
      ),
    ),
  );
}

export const slug = (key) =>
  String(key ?? 'none')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');

/** A ticket's history as a line of dots, one per step, with the step's status under it; the list beside is the text. */
export function timeline(history) {
  const id = `timeline-${++ids}`;
  const step = 120;
  const width = Math.max(step * history.length, 240);
  const start = history.length ? Date.parse(history[0].at) : 0;
  return h(
    'figure',
    { class: 'timeline' },
    h('figcaption', { id }, 'Timeline'),
    s(
      'svg',
      { viewBox: `0 0 ${width} 70`, width, height: 70, role: 'img', 'aria-labelledby': id },
      s('line', { x1: 10, y1: 20, x2: width - 10, y2: 20, class: 'axis' }),
      history.map((entry, i) =>
        s(
          'g',
          {},
          s('circle', { cx: 20 + i * step, cy: 20, r: 8, class: `dot status-${slug(entry.status)}` }),
          s('text', { x: 8 + i * step, y: 46, class: 'label' }, entry.status),
          s('text', { x: 8 + i * step, y: 62, class: 'tick' }, `+${Math.round((Date.parse(entry.at) - start) / 1000)} s`),
        ),
      ),
    ),
    h(
      'ol',
      { class: 'steps' },
      history.map((entry) =>
        h(
          'li',
          {},
          h('time', { datetime: entry.at }, entry.at.replace('T', ' ').slice(0, 19)),
          ' ',
          h('strong', {}, entry.status),
          ` — ${entry.note}`,
        ),
      ),
    ),
  );
}
