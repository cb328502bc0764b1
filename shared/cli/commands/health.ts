import { healthSnapshotSchema, type HealthSnapshot } from '../../domain/health.js';
import { applyHealthSnapshot } from '../../pipeline/release-held.js';
import { cliRuntime, readJsonFile, UsageError, type Command } from '../context.js';

/** Reads and validates a snapshot file (docs/openapi.json (HealthSnapshot)); every problem is named by its JSON path. */
export function readSnapshotFile(file: string): HealthSnapshot {
  return readJsonFile(file, healthSnapshotSchema, 'health snapshot');
}

/**
 * `relay health import <snapshot.json>`: the same as POST /api/v1/service-health. Replaces the source's snapshot and
 * closes the tickets its resolved incidents held; their `ticket.incident_resolved` goes out from the ticket's
 * outbox (a running relay's sweeper sends it within a minute).
 */
const importCommand: Command = async (args) => {
  const file = args.positional[0];
  if (!file) throw new UsageError('health import <snapshot.json>');
  const snapshot = readSnapshotFile(file);
  const { deps } = await cliRuntime();
  // Inline: this process's broker ends with it, so queued release work would never run.
  const { resolved, released } = await applyHealthSnapshot(deps, snapshot, 'inline');
  console.log(
    `applied ${snapshot.source} snapshot: ${snapshot.issues.length} issues, ${resolved.length} resolved, ${released} held tickets closed`,
  );
};

export const commands = { import: importCommand };
