// What a newcomer sees on the terminal: `npm start` without noise they cannot act on, and `check:quotes`
// saying what it misses instead of only a usage line.
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

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const done = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, done, out: () => stdout, err: () => stderr };
}

describe('start-up as a newcomer sees it', () => {
  it('starts without the DEP0111 process.binding warning that restify\'s HTTP/2 module causes', async () => {
    const port = await freePort();
    const server = run(['src/server.ts'], { PORT: String(port), DATA_DIR: mkdtempSync(join(tmpdir(), 'adviesbot-quiet-')), LOG_LEVEL: 'info', MicrosoftAppId: '', STORAGE: 'memory' });
    try {
      for (let i = 0; i < 400 && !server.out().includes('Adviesbot luistert op') && server.child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
      expect(server.out(), server.err()).toContain('Adviesbot luistert op');
      await new Promise((r) => setTimeout(r, 300));
      expect(server.err()).not.toContain('DEP0111');
      expect(server.err()).not.toContain('DeprecationWarning');
    } finally {
      server.child.kill('SIGTERM');
      await server.done;
    }
  }, 60_000);

  it('check:quotes without the documents folder says what is missing and which files it needs', async () => {
    const none = run(['scripts/check-quotes.ts']);
    expect(await none.done).toBe(2);
    expect(none.err()).toContain('Geen map met brondocumenten opgegeven.');
    expect(none.err()).toMatch(/staan niet in\s+deze repository/);
    expect(none.err()).toMatch(/\n {2}\S+\.txt/);
    const wrong = run(['scripts/check-quotes.ts', 'bestaat/niet']);
    expect(await wrong.done).toBe(2);
    expect(wrong.err()).toContain('De map met brondocumenten "bestaat/niet" bestaat niet');
  }, 30_000);
});
