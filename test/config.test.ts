import { describe, expect, it } from 'vitest';
import { clockOf, ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('runs on embedded defaults in anonymous mode', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3978, DATA_DIR: './data', STORAGE: 'sqlite', LOG_LEVEL: 'info', authMode: 'anonymous', TIME_ZONE: 'Europe/Amsterdam' });
  });

  it('switches to authenticated mode with an app id and password', () => {
    const config = loadConfig({ MicrosoftAppId: 'abc', MicrosoftAppPassword: 'geheim' });
    expect(config.authMode).toBe('authenticated');
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ MicrosoftAppId: '', PORT: '4000' })).toMatchObject({ authMode: 'anonymous', PORT: 4000 });
  });

  it('fails with a clear message naming each bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc', LOG_LEVEL: 'luid' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', LOG_LEVEL: 'luid' });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/LOG_LEVEL/);
    }
    expect(() => loadConfig({ MicrosoftAppId: 'abc' })).toThrow(/MicrosoftAppPassword/);
    expect(() => loadConfig({ MicrosoftAppId: 'a', MicrosoftAppPassword: 'b', MicrosoftAppType: 'SingleTenant' })).toThrow(/MicrosoftAppTenantId/);
    expect(() => loadConfig({ TIME_ZONE: 'UTC' })).toThrow(/Europe\/Amsterdam/);
    expect(() => loadConfig({ STORAGE: 'blob' })).toThrow(/AZURE_STORAGE_CONNECTION_STRING/);
    expect(() => loadConfig({ STORAGE: 'blob', AZURE_STORAGE_CONNECTION_STRING: 'x', AZURE_STORAGE_CONTAINER: 'Hoofdletters' })).toThrow(/AZURE_STORAGE_CONTAINER/);
  });

  it('LOCAL_CLOCK starts the bot clock at an Amsterdam moment and lets it run on, only without an app id', () => {
    let real = Date.parse('2026-12-02T17:00:00Z');
    const now = clockOf(loadConfig({ LOCAL_CLOCK: '2026-12-03T08:59' }), () => real);
    expect(now().toISOString()).toBe('2026-12-03T07:59:00.000Z');
    real += 90_000;
    expect(now().toISOString()).toBe('2026-12-03T08:00:30.000Z');
    // Summer time: Amsterdam is UTC+2.
    expect(clockOf(loadConfig({ LOCAL_CLOCK: '2027-06-01T09:00' }), () => real)().toISOString()).toBe('2027-06-01T07:00:00.000Z');
    expect(clockOf(loadConfig({}), () => real)().getTime()).toBe(real);
    expect(() => loadConfig({ LOCAL_CLOCK: 'morgen' })).toThrow(/LOCAL_CLOCK/);
    expect(() => loadConfig({ LOCAL_CLOCK: '2026-02-30T09:00' })).toThrow(/bestaande datum/);
    expect(() => loadConfig({ LOCAL_CLOCK: '2026-12-03T08:59', MicrosoftAppId: 'a', MicrosoftAppPassword: 'b' })).toThrow(/LOCAL_CLOCK: alleen om lokaal te proberen/);
  });
});
