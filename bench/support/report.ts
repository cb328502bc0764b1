import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';

export interface Target {
  figure: string;
  ratioField: string;
  ratio: number | null;
  op: '<=' | '>=' | '≈';
  /** null: the ratio is reported, not judged (only `also` decides). */
  value: number | null;
  /** For '≈': how far from `value` still counts as holding. */
  tolerance?: number;
  /** Extra condition that must hold too (zero errors, none lost). */
  also?: { what: string; ok: boolean };
  measured: string;
  baseline: string;
}

export function holds(t: Target): boolean | null {
  if (t.ratio === null || Number.isNaN(t.ratio)) return null;
  const v = t.value;
  const ratioOk = v === null || (t.op === '<=' ? t.ratio <= v : t.op === '>=' ? t.ratio >= v : Math.abs(t.ratio - v) <= (t.tolerance ?? 0));
  return ratioOk && (t.also?.ok ?? true);
}

export function machine() {
  const cpus = os.cpus();
  return {
    nproc: os.availableParallelism(),
    cpu: cpus[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart: os.loadavg().map((l) => Number(l.toFixed(2))),
    date: new Date().toISOString(),
  };
}

export function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** A plain fixed-width table for the terminal. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function targetRows(targets: Target[]): string[][] {
  return targets.map((t) => {
    const verdict = holds(t);
    return [
      t.figure,
      t.measured,
      t.baseline,
      t.ratio === null ? '—' : `${t.ratioField} ${t.ratio.toFixed(2)}`,
      [t.value === null ? '' : `${t.op} ${t.value}${t.tolerance ? ` ± ${t.tolerance}` : ''}`, t.also?.what ?? '']
        .filter(Boolean)
        .join(' and '),
      verdict === null ? 'not run' : verdict ? 'holds' : 'does not hold',
    ];
  });
}
