import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { compose, type Composition } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
import { FakeConnector, messageActivity } from '../support/fake-connector.js';
import { realKnowledgeBase, TODAY } from '../support/kb.js';
import { memoryLogger } from '../support/logs.js';

async function listen(c: Composition): Promise<string> {
  await new Promise<void>((resolve) => c.app.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(c.app.address() as AddressInfo).port}`;
}

const post = (url: string, body: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

/** An activity in a conversation of its own, so that a stored reference for it would show. */
const fresh = (serviceUrl: string, text: string, extra: Record<string, unknown> = {}) =>
  messageActivity(serviceUrl, text, { conversation: { id: `conv-${randomUUID()}`, conversationType: 'personal', tenantId: 'tenant-1' }, ...extra });

const INTERNALS = /Invalid JSON|Expected|position|TypeError|getaddrinfo|ENOTFOUND|stack|at \w+ \(/;

describe('hostile requests in anonymous mode', () => {
  const connector = new FakeConnector();
  const logs = memoryLogger('info');
  const store = new MemoryStore();
  let c: Composition;
  let url: string;
  const consoleError = vi.spyOn(console, 'error');
  const consoleWarn = vi.spyOn(console, 'warn');

  beforeAll(async () => {
    await connector.start();
    c = compose(loadConfig({ STORAGE: 'memory' }), logs.logger, { kb: realKnowledgeBase(), store, now: () => TODAY });
    url = await listen(c);
  });
  afterAll(async () => {
    c.app.close();
    await connector.stop();
    consoleError.mockRestore();
    consoleWarn.mockRestore();
  });

  /** Runs `act` and asserts that it sent no reply and wrote nothing to the store. */
  async function nothingHappens(act: () => Promise<void>): Promise<void> {
    const sent = connector.received.length;
    const keys = await store.keys('');
    await act();
    expect(connector.received.length).toBe(sent);
    expect(await store.keys('')).toEqual(keys);
  }

  it('refuses a form or text body on /api/messages with 415 in Dutch and processes nothing', async () => {
    await nothingHappens(async () => {
      const form = new URLSearchParams({ type: 'message', serviceUrl: connector.url, 'conversation[id]': `conv-${randomUUID()}`, text: 'help' });
      for (const [type, body] of [
        ['application/x-www-form-urlencoded', form.toString()],
        ['text/plain', JSON.stringify(fresh(connector.url, 'help'))],
      ] as const) {
        const res = await post(url, body, { 'content-type': type });
        expect(res.status).toBe(415);
        expect(((await res.json()) as { error: string }).error).toMatch(/Alleen application\/json/);
      }
    });
  });

  it('answers /tab/ names of Object.prototype members with 404', async () => {
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      const res = await fetch(`${url}/tab/${name}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toMatch(INTERNALS);
    }
  });

  it('answers malformed JSON with 400 and a short Dutch error without parser text', async () => {
    await nothingHappens(async () => {
      const res = await post(url, '{"type": "message",');
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: expect.stringMatching(/Onleesbare JSON/) });
      expect(text).not.toMatch(INTERNALS);
    });
  });

  it('answers activities with entities or channelData of the wrong shape with 400 before botbuilder sees them', async () => {
    const deep = JSON.stringify(fresh(connector.url, 'help', { entities: 'DEEP' })).replace('"DEEP"', '['.repeat(5000) + ']'.repeat(5000));
    const bodies = [
      JSON.stringify(fresh(connector.url, 'help', { entities: 'x' })),
      deep,
      JSON.stringify(fresh(connector.url, 'help', { entities: [[[[{}]]]] })),
      JSON.stringify(fresh(connector.url, 'help', { entities: [{ type: 'mention', mentioned: 'x' }] })),
      JSON.stringify(fresh(connector.url, 'help', { entities: [{ type: 'mention' }] })),
      JSON.stringify(fresh(connector.url, 'help', { entities: Array.from({ length: 500 }, () => ({ type: 'clientInfo' })) })),
      JSON.stringify(fresh(connector.url, 'help', { channelData: 'x' })),
      JSON.stringify(fresh(connector.url, 'help', { membersAdded: [null] })),
    ];
    await nothingHappens(async () => {
      for (const body of bodies) {
        const res = await post(url, body);
        expect(res.status).toBe(400);
        expect(((await res.json()) as { error: string }).error).toMatch(/Verwacht een Bot Framework-activity/);
      }
    });
    expect(logs.lines.join('\n')).not.toContain('turn failed');
  });

  it('accepts and ignores a messageUpdate without channelData', async () => {
    await nothingHappens(async () => {
      const res = await post(url, JSON.stringify(fresh(connector.url, 'bewerkt', { type: 'messageUpdate' })));
      expect(res.status).toBeLessThan(300);
    });
    expect(logs.lines.join('\n')).not.toContain('turn failed');
  });

  it('logs refused and failed requests as one JSON line each through pino, never on the console', async () => {
    await post(url, '{{{');
    await post(url, JSON.stringify(fresh(connector.url, 'help', { entities: 'x' })));
    await post(url, JSON.stringify(fresh('http://127.0.0.1:1/', 'help')));
    expect(consoleError).not.toHaveBeenCalled();
    expect(consoleWarn).not.toHaveBeenCalled();
    for (const line of logs.lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(logs.lines.some((l) => l.includes('turn failed'))).toBe(true);
  });

  it('still answers a normal question after all this', async () => {
    const res = await post(url, JSON.stringify(fresh(connector.url, 'help')));
    expect(res.status).toBe(200);
    expect(connector.received.length).toBeGreaterThan(0);
  });
});

describe('hostile tokens in authenticated mode', () => {
  const connector = new FakeConnector();
  const logs = memoryLogger('info');
  const store = new MemoryStore();
  const appId = '11111111-2222-3333-4444-555555555555';
  let c: Composition;
  let url: string;
  const consoleError = vi.spyOn(console, 'error');

  beforeAll(async () => {
    await connector.start();
    c = compose(loadConfig({ STORAGE: 'memory', MicrosoftAppId: appId, MicrosoftAppPassword: 'geheim' }), logs.logger, { kb: realKnowledgeBase(), store });
    url = await listen(c);
  });
  afterAll(async () => {
    c.app.close();
    await connector.stop();
    consoleError.mockRestore();
  });

  /** A well-formed RS256 token with Bot Framework's issuer, signed by a key of our own. */
  function selfSigned(): string {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'eigen-sleutel' })}.${b64({ iss: 'https://api.botframework.com', aud: appId, exp: now + 3600, nbf: now - 10 })}`;
    return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url')}`;
  }

  it('never processes a self-signed token: 401, or 503 with a neutral body when the keys cannot be fetched; never 500', async () => {
    const res = await post(url, JSON.stringify(fresh(connector.url, 'help')), { authorization: `Bearer ${selfSigned()}` });
    expect([401, 503]).toContain(res.status);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: expect.any(String) });
    expect(text).not.toMatch(INTERNALS);
    expect(connector.received).toHaveLength(0);
    expect(await store.keys('')).toEqual([]);
  });

  it('answers a forged token with 401 and a neutral body', async () => {
    const forged = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXVy';
    const res = await post(url, JSON.stringify(fresh(connector.url, 'help')), { authorization: `Bearer ${forged}` });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toMatch(INTERNALS);
    expect(connector.received).toHaveLength(0);
    expect(await store.keys('')).toEqual([]);
    expect(consoleError).not.toHaveBeenCalled();
  });
});

describe('a dead Bot Connector', () => {
  const connector = new FakeConnector();
  let c: Composition;
  let url: string;
  let blackHole: Server;
  let blackHoleUrl: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    await connector.start();
    // Accepts connections and never answers.
    blackHole = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    blackHoleUrl = `http://127.0.0.1:${(blackHole.address() as AddressInfo).port}/`;
    c = compose(loadConfig({ STORAGE: 'memory' }), memoryLogger('silent').logger, { kb: realKnowledgeBase(), store: new MemoryStore(), now: () => TODAY });
    url = await listen(c);
  });
  afterEach(() => vi.useRealTimers());
  afterAll(async () => {
    c.app.close();
    for (const s of sockets) s.destroy();
    blackHole.close();
    await connector.stop();
  });

  const timed = async (request: Promise<Response>): Promise<{ status: number; ms: number }> => {
    const started = Date.now();
    const res = await request;
    await res.arrayBuffer();
    return { status: res.status, ms: Date.now() - started };
  };

  it('cannot starve others: with 10 turns to dead serviceUrls in flight, /healthz and a normal turn are answered promptly', async () => {
    const started = Date.now();
    const dead = Array.from({ length: 10 }, (_, i) => timed(post(url, JSON.stringify(fresh(i % 2 ? blackHoleUrl : 'http://127.0.0.1:1/', 'help')))));
    await new Promise((resolve) => setTimeout(resolve, 200));

    const health = await timed(fetch(`${url}/healthz`));
    expect(health.status).toBe(200);
    expect(health.ms).toBeLessThan(5000);

    const normal = await timed(post(url, JSON.stringify(fresh(connector.url, 'help'))));
    expect(normal.status).toBe(200);
    expect(normal.ms).toBeLessThan(5000);

    // The dead turns themselves end within the connector deadline instead of retrying for 11 s or hanging.
    const results = await Promise.all(dead);
    for (const r of results) expect(r.status).toBeLessThan(300);
    expect(Date.now() - started).toBeLessThan(9000);
  }, 20_000);
});
