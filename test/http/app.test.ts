import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('HTTP in anonymous mode', () => {
  const connector = new FakeConnector();
  const logs = memoryLogger('info');
  let c: Composition;
  let url: string;

  beforeAll(async () => {
    await connector.start();
    c = compose(loadConfig({ STORAGE: 'memory' }), logs.logger, { kb: realKnowledgeBase(), store: new MemoryStore(), now: () => TODAY });
    url = await listen(c);
  });
  afterAll(async () => {
    c.app.close();
    await connector.stop();
  });

  it('answers a question through /api/messages with a card that names its source', async () => {
    const res = await post(url, JSON.stringify(messageActivity(connector.url, 'wat is de deadline voor het BAR-advies?')));
    expect(res.status).toBe(200);
    const reply = connector.received.at(-1)!.activity;
    const card = reply.attachments![0]!.content;
    expect(card.version).toBe('1.5');
    const json = JSON.stringify(card);
    expect(json).toContain('1 oktober 2025');
    expect(json).toContain('Bron');
    expect(json).toMatch(/september 2025/);
  });

  it('reports health with version, knowledge entries, storage kind and uptime', async () => {
    const body = (await (await fetch(`${url}/healthz`)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', version: '0.1.0', storage: 'memory' });
    expect(body.knowledgeEntries).toBe(realKnowledgeBase().entries.length);
    expect(typeof body.uptimeSeconds).toBe('number');
  });

  it('answers malformed JSON with 400', async () => {
    expect((await post(url, '{"type": "message",')).status).toBe(400);
  });

  it('answers something that is not an activity with 400', async () => {
    expect((await post(url, '[1,2,3]')).status).toBe(400);
    expect((await post(url, '{"type":"message","text":"hoi"}')).status).toBe(400);
  });

  it('answers a body over 256 KB with 413', async () => {
    const big = JSON.stringify(messageActivity(connector.url, 'x'.repeat(300 * 1024)));
    expect((await post(url, big)).status).toBe(413);
  });

  it('ignores unknown activity types without replying', async () => {
    const before = connector.received.length;
    const res = await post(url, JSON.stringify({ ...messageActivity(connector.url, ''), type: 'iets-onbekends' }));
    expect(res.status).toBeLessThan(300);
    expect(connector.received.length).toBe(before);
  });

  it('keeps serving after bad requests', async () => {
    await post(url, '{{{');
    const res = await post(url, JSON.stringify(messageActivity(connector.url, 'help')));
    expect(res.status).toBe(200);
  });

  it('never logs message texts at info level', () => {
    expect(logs.lines.join('\n')).not.toContain('BAR-advies');
  });
});

describe('HTTP in authenticated mode', () => {
  let c: Composition;
  let url: string;
  beforeAll(async () => {
    c = compose(loadConfig({ STORAGE: 'memory', MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'geheim' }), memoryLogger('silent').logger, {
      kb: realKnowledgeBase(),
      store: new MemoryStore(),
    });
    url = await listen(c);
  });
  afterAll(() => c.app.close());

  it('refuses a request without a token with 401', async () => {
    const res = await post(url, JSON.stringify(messageActivity('https://smba.trafficmanager.net/emea/', 'hallo')));
    expect(res.status).toBe(401);
  });

  it('refuses a request with a forged token with 401', async () => {
    const forged = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXVy';
    const res = await post(url, JSON.stringify(messageActivity('https://smba.trafficmanager.net/emea/', 'hallo')), { authorization: `Bearer ${forged}` });
    expect(res.status).toBe(401);
  });
});
