import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TURN_ERROR_MESSAGE } from '../../src/bot/adapter.js';
import { compose, type Composition } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import type { ManagedStore } from '../../src/domain/storage-port.js';
import { FakeConnector, messageActivity } from '../support/fake-connector.js';
import { realKnowledgeBase, TODAY } from '../support/kb.js';
import { memoryLogger } from '../support/logs.js';

/** A store that cannot be reached: every call fails, nothing is ever written. */
class UnreachableStore implements ManagedStore {
  readonly kind = 'blob';
  writes = 0;
  private fail = (): Promise<never> => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }));
  read = this.fail;
  write = () => {
    this.writes++;
    return this.fail();
  };
  delete = this.fail;
  keys = this.fail;
  close = async () => undefined;
}

describe('when storage is unreachable', () => {
  const connector = new FakeConnector();
  const store = new UnreachableStore();
  let c: Composition;
  let url = '';
  beforeAll(async () => {
    await connector.start();
    c = compose(loadConfig({ STORAGE: 'memory' }), memoryLogger('silent').logger, { kb: realKnowledgeBase(), store, now: () => TODAY });
    await new Promise<void>((resolve) => c.app.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(c.app.address() as AddressInfo).port}/api/messages`;
  });
  afterAll(async () => {
    c.app.close();
    await connector.stop();
  });
  const post = (body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('tells the user in Dutch when a command needs storage, and the process keeps serving', async () => {
    const res = await post(messageActivity(connector.url, 'deadlines'));
    expect(res.status).toBeLessThan(600);
    // The reply goes to the connector on its own request, which may land after the HTTP answer (on a loaded machine).
    const end = Date.now() + 10_000;
    while (!connector.received.some((r) => r.activity.text === TURN_ERROR_MESSAGE) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    const texts = connector.received.map((r) => r.activity.text);
    expect(texts).toContain(TURN_ERROR_MESSAGE);
    expect((await fetch(url.replace('/api/messages', '/healthz'))).status).toBe(200);
  });

  it('answers a card action with a Dutch message instead of failing, and writes nothing', async () => {
    const writes = store.writes;
    const res = await post({
      ...messageActivity(connector.url, ''),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'deadline.list', data: {} } },
    });
    const body = (await res.json()) as { value?: unknown };
    expect(String(body.value)).toMatch(/Er ging iets mis bij deze actie/);
    expect(store.writes - writes).toBeLessThanOrEqual(1); // at most the failed attempt to remember the conversation
  });
});

describe('when storage is unreachable, questions', () => {
  it('are still answered from the knowledge base', async () => {
    const connector = await new FakeConnector().start();
    const c = compose(loadConfig({ STORAGE: 'memory' }), memoryLogger('silent').logger, { kb: realKnowledgeBase(), store: new UnreachableStore(), now: () => TODAY });
    await new Promise<void>((resolve) => c.app.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(c.app.address() as AddressInfo).port}/api/messages`;
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(messageActivity(connector.url, 'wat is de deadline voor het BAR-advies?')) });
    expect(JSON.stringify(connector.received.at(-1)?.activity)).toContain('1 oktober 2025');
    c.app.close();
    await connector.stop();
  });
});
