import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../../shared/domain/submission.js';
import { mapSeverity } from '../../../shared/domain/routing/severity.js';

describe('severity mapping', () => {
  it.each([
    ['critical', 'critical', 'A', true, false],
    ['high', 'moderate', 'B', false, true],
    ['moderate', 'minimal', 'C', false, true],
    ['low', 'minimal', 'C', false, false],
  ] as const)('when a request is %s, then Azure files %s, Microsoft 365 Sev %s (24x7: %s, downgrade stated: %s)', (asked, azure, m365, require24x7, downgraded) => {
    const mapped = [mapSeverity('azure', asked), ...(['office365', 'ems', 'dynamics'] as const).map((w) => mapSeverity(w, asked))];
    expect(mapped[0]).toMatchObject({ kind: 'azure', azure, require24x7 });
    for (const m of mapped.slice(1)) expect(m).toMatchObject({ kind: 'm365', m365, require24x7 });
    for (const m of mapped) expect(m.warning?.code === 'SEVERITY_DOWNGRADED').toBe(downgraded);
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
