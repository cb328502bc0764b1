import type { HealthSnapshot } from '../domain/health.js';
import type { HealthSource } from '../ports/health-source.js';
import type { Deps } from './deps.js';
import { applyHealthSnapshot } from './release-held.js';

export type HealthSyncResult =
  | { kind: 'skipped'; why: string }
  | { kind: 'applied'; snapshots: { source: HealthSnapshot['source']; issues: number; resolved: string[]; releasing: string[] }[] };

/**
 * The `health-sync` timer's use case. With HEALTH_SOURCE=microsoft it pulls every snapshot and applies each one:
 * stored conditionally (ETag) and only then releasing what resolved, so two runs that overlap release every held
 * ticket once. A failed pull throws before anything is stored: the previous snapshots stay, rather than a partial
 * one that would make open incidents look resolved. With `table`, snapshots arrive by POST or `relay health import`.
 */
export async function syncHealth(deps: Deps, source: HealthSource | null): Promise<HealthSyncResult> {
  if (!source) return { kind: 'skipped', why: 'HEALTH_SOURCE is table: snapshots arrive through POST /api/v1/service-health' };
  const snapshots = await source.pull();
  const applied = [];
  for (const snapshot of snapshots) {
    const { resolved, releasing } = await applyHealthSnapshot(deps, snapshot);
    applied.push({ source: snapshot.source, issues: snapshot.issues.length, resolved, releasing });
  }
  return { kind: 'applied', snapshots: applied };
}
