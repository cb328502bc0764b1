import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, timerSchedule } from '../../shared/config.js';

const env = {
  TABLES_ACCOUNT_URL: 'https://relaystore.table.core.windows.net',
  ServiceBusConnection__fullyQualifiedNamespace: 'relay.servicebus.windows.net',
  RELAY_ADMIN_KEY: `adm_${randomBytes(16).toString('hex')}`,
  RELAY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};

describe('schedule settings take what Azure timers take', () => {
  it('when a schedule uses day and month names, then the settings accept it as Azure does', () => {
    expect(loadConfig({ ...env, ACCESS_WATCH_SCHEDULE: '0 30 9 * Jan Mon' }).ACCESS_WATCH_SCHEDULE).toBe('0 30 9 * Jan Mon');
    expect(timerSchedule('ACCESS_WATCH_SCHEDULE', { ACCESS_WATCH_SCHEDULE: '0 0 6 * * Mon-Fri' })).toBe('0 0 6 * * Mon-Fri');
  });

  it('when no schedule is set, then each timer gets its default', () => {
    expect(loadConfig(env).OUTBOX_SWEEP_SCHEDULE).toBe('*/30 * * * * *');
    expect(timerSchedule('CASE_TIMERS_SCHEDULE', {})).toBe('0 */5 * * * *');
  });

  it.each([
    ['HEALTH_SYNC_SCHEDULE', '*/5 * * * *', /needs 6 fields/],
    ['DIRECTORY_SYNC_SCHEDULE', '00:05:00', /needs 6 fields/],
    ['CASE_TIMERS_SCHEDULE', '0 0 9 L * *', /day field "L"/],
  ] as const)('when %s is "%s", then startup stops naming the setting and what is wrong', (setting, value, problem) => {
    for (const load of [() => loadConfig({ ...env, [setting]: value }), () => timerSchedule(setting, { [setting]: value })]) {
      let error: unknown;
      try {
        load();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(new RegExp(`^Setting ${setting}: NCRONTAB "`));
      expect((error as ConfigError).message).toMatch(problem);
    }
  });
});
