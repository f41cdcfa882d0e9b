import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

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
});
