import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../../shared/domain/submission.js';
import { mapSeverity } from '../../../shared/domain/routing/severity.js';

describe('severity mapping', () => {
  it.each([
    ['critical', 'critical', true, false],
    ['high', 'moderate', false, true],
    ['moderate', 'minimal', false, true],
    ['low', 'minimal', false, false],
  ] as const)('when an Azure request is %s, then it is filed as %s (24x7: %s, downgrade stated: %s)', (asked, azure, require24x7, downgraded) => {
    const mapped = mapSeverity('azure', asked);
    expect(mapped).toMatchObject({ kind: 'azure', azure, require24x7 });
    expect(mapped.warning?.code === 'SEVERITY_DOWNGRADED').toBe(downgraded);
  });

  it.each([
    ['critical', 'A', true, false],
    ['high', 'B', false, true],
    ['moderate', 'C', false, true],
    ['low', 'C', false, false],
  ] as const)('when a Microsoft 365 request is %s, then it is Sev %s (24x7: %s, downgrade stated: %s)', (asked, m365, require24x7, downgraded) => {
    for (const workload of ['office365', 'ems', 'dynamics'] as const) {
      const mapped = mapSeverity(workload, asked);
      expect(mapped).toMatchObject({ kind: 'm365', m365, require24x7 });
      expect(mapped.warning?.code === 'SEVERITY_DOWNGRADED').toBe(downgraded);
    }
  });

  it('when any severity is mapped for Azure, then highestcriticalimpact is never used', () => {
    for (const s of SEVERITIES) expect(mapSeverity('azure', s).azure).not.toBe('highestcriticalimpact');
  });

  it('when a downgrade is stated, then it is a warning that names what was asked and what was filed', () => {
    const warning = mapSeverity('azure', 'high').warning;
    expect(warning).toMatchObject({ severity: 'warn' });
    expect(warning?.message).toContain('"high"');
    expect(warning?.message).toContain('moderate');
    expect(warning?.fix).toBeTruthy();
  });
});
