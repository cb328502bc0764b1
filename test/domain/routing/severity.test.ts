import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../../shared/domain/submission.js';
import { mapSeverity } from '../../../shared/domain/routing/severity.js';

const REACHABLE = { reachable24x7: true };
const NO_PHONE = { reachable24x7: false };
const M365_WORKLOADS = ['office365', 'ems', 'dynamics'] as const;

describe('severity mapping (DOMAIN "Severity", revised)', () => {
  it.each([
    ['critical', 'critical', 'A', true],
    ['high', 'moderate', 'B', false],
    ['moderate', 'minimal', 'C', false],
    ['low', 'minimal', 'C', false],
  ] as const)(
    'when a request is %s, then Azure files %s, Microsoft 365 Sev %s (24x7: %s) and nothing is called a downgrade',
    (asked, azure, m365, require24x7) => {
      const mapped = [mapSeverity('azure', asked, REACHABLE), ...M365_WORKLOADS.map((w) => mapSeverity(w, asked, REACHABLE))];
      expect(mapped[0]).toMatchObject({ kind: 'azure', azure, require24x7 });
      for (const m of mapped.slice(1)) expect(m).toMatchObject({ kind: 'm365', m365, require24x7 });
      for (const m of mapped) expect(m.warning).toBeNull();
    },
  );

  it.each(['high', 'moderate', 'low'] as const)(
    'when a %s request has no contact reachable 24x7, then it is filed at its mapped level without a warning',
    (asked) => {
      for (const w of ['azure', ...M365_WORKLOADS] as const) expect(mapSeverity(w, asked, NO_PHONE).warning).toBeNull();
    },
  );

  it('when a critical request has no contact reachable 24x7, then it is filed as Sev B / Azure moderate and the downgrade is stated', () => {
    const azure = mapSeverity('azure', 'critical', NO_PHONE);
    expect(azure).toMatchObject({ azure: 'moderate', require24x7: false, warning: { code: 'SEVERITY_DOWNGRADED', severity: 'warn' } });
    const m365 = mapSeverity('office365', 'critical', NO_PHONE);
    expect(m365).toMatchObject({ m365: 'B', require24x7: false, warning: { code: 'SEVERITY_DOWNGRADED' } });
    expect(m365.warning?.message).toContain('"critical"');
    expect(m365.warning?.message).toContain('Sev B');
    expect(m365.warning?.fix).toMatch(/phone/);
  });

  it('when any severity is mapped for Azure, then highestcriticalimpact is never used', () => {
    for (const s of SEVERITIES)
      for (const reach of [REACHABLE, NO_PHONE]) expect(mapSeverity('azure', s, reach).azure).not.toBe('highestcriticalimpact');
  });
});
