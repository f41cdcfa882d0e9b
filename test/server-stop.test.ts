// Ctrl-C and SIGTERM stop the real server (tsx src/server.ts), also when its output goes through a pipe whose
// reader is gone (`npm start | tee log` where tee died first, or was killed with the bot) and when a request hangs.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const started: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts the bot and waits until /healthz answers; its log goes to a pipe the test holds. */
async function startBot(): Promise<{ child: ChildProcessWithoutNullStreams; port: number; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'adviesbot-stop-')),
      LOG_LEVEL: 'info',
      SHUTDOWN_SECONDS: '3',
      MicrosoftAppId: '',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  for (let i = 0; i < 150; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok).catch(() => false);
    if (ok) return { child, port, output: () => output };
    if (child.exitCode !== null) break;
  }
  throw new Error(`the bot did not start:\n${output}`);
}

/** Milliseconds from now until the process has exited, or Infinity after `limit` ms. */
async function exitWithin(child: ChildProcessWithoutNullStreams, limit: number): Promise<number> {
  const start = Date.now();
  if (child.exitCode !== null || child.signalCode !== null) return 0;
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(Infinity), limit);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(Date.now() - start);
    });
  });
}

/** A request that never finishes: headers of a POST whose body never comes. */
function hangingRequest(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write('POST /api/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
      setTimeout(() => resolve(socket), 300);
    });
    socket.on('error', () => undefined);
  });
}

describe('stopping the bot', () => {
  it('stops on Ctrl-C (SIGINT) when the reader of its output has gone (tee died first)', async () => {
    const { child, port } = await startBot();
    child.stdout.destroy();
    // Something to log while nobody reads: the next writes fail with EPIPE.
    await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    child.kill('SIGINT');
    expect(await exitWithin(child, 8000)).toBeLessThan(8000);
    expect(child.exitCode).toBe(0);
  }, 60_000);

  it('stops on SIGTERM when the reader goes in the same moment (a terminal signals tee and the bot together)', async () => {
    const { child } = await startBot();
    child.kill('SIGTERM');
    child.stdout.destroy();
    expect(await exitWithin(child, 8000)).toBeLessThan(8000);
    expect(child.exitCode).toBe(0);
  }, 60_000);

  it('stops within the grace period when a request never finishes, and at once on a second Ctrl-C', async () => {
    const first = await startBot();
    const socket = await hangingRequest(first.port);
    first.child.kill('SIGINT');
    // SHUTDOWN_SECONDS is 3: it gives up waiting, says so, and exits with 1.
    const waited = await exitWithin(first.child, 8000);
    expect(waited, first.output()).toBeLessThan(8000);
    expect(waited).toBeGreaterThan(2000);
    expect(first.child.exitCode).toBe(1);
    expect(first.output()).toContain('niet binnen 3 seconden gestopt');
    socket.destroy();

    const second = await startBot();
    const hanging = await hangingRequest(second.port);
    second.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    second.child.kill('SIGINT');
    expect(await exitWithin(second.child, 2000)).toBeLessThan(2000);
    expect(second.child.exitCode).toBe(130);
    hanging.destroy();
  }, 90_000);
});
