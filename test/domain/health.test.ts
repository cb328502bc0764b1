import { describe, expect, it } from 'vitest';
import { healthSnapshotSchema } from '../../shared/domain/health.js';

// The health snapshot of docs/openapi.json (HealthSnapshot), pushed by an operator or synced from Microsoft.
const issue = {
  id: 'EX123456',
  workload: 'office365',
  service: 'Exchange Online',
  classification: 'incident',
  status: 'serviceDegradation',
  title: 'Mail delayed',
  startDateTime: '2025-06-01T10:00:00+02:00',
  isResolved: false,
};
const snapshot = (over: Record<string, unknown> = {}) => ({
  source: 'manual',
  capturedAt: '2025-06-01T12:00:00Z',
  services: [{ workload: 'office365', service: ' Exchange Online ', status: 'serviceDegradation' }],
  issues: [issue],
  ...over,
});

describe('health snapshot', () => {
  it('when a snapshot is well formed, then it is read with names trimmed and times with an offset accepted', () => {
    const parsed = healthSnapshotSchema.parse(snapshot());
    expect(parsed.services[0]?.service).toBe('Exchange Online');
    expect(parsed.issues[0]?.startDateTime).toBe('2025-06-01T10:00:00+02:00');
  });

  it.each([
    ['a tenant id that is not a GUID', { issues: [{ ...issue, tenantIds: ['contoso'] }] }],
    ['a GUID with a tail', { issues: [{ ...issue, tenantIds: ['aaaaaaaa-0000-4000-8000-000000000001x'] }] }],
    ['an empty service name', { services: [{ workload: 'office365', service: '  ', status: 'serviceDegradation' }] }],
    ['a title over 1,000 characters', { issues: [{ ...issue, title: 't'.repeat(1001) }] }],
    ['an unknown source', { source: 'rss' }],
  ])('when the snapshot has %s, then it is refused', (_label, over) => {
    expect(healthSnapshotSchema.safeParse(snapshot(over)).success).toBe(false);
  });
});
