import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('the start command', () => {
  it('starts the real server (tsx src/server.ts) on embedded defaults, serves /healthz, and stops on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, PORT: String(port), DATA_DIR: mkdtempSync(join(tmpdir(), 'adviesbot-start-')), LOG_LEVEL: 'warn', MicrosoftAppId: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    try {
      let health: Record<string, unknown> | undefined;
      for (let i = 0; i < 100 && !health; i++) {
        await new Promise((r) => setTimeout(r, 200));
        health = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.json() as Promise<Record<string, unknown>>).catch(() => undefined);
        if (child.exitCode !== null) break;
      }
      expect(health, output).toMatchObject({ status: 'ok', storage: 'sqlite' });
      // The log line may reach us after the health answer: both are I/O events of this process.
      for (let i = 0; i < 50 && !output.includes('lokale anonieme modus'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain('lokale anonieme modus');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    expect(child.exitCode ?? 0).toBe(0);
  }, 40_000);
});
