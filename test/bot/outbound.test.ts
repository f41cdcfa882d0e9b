import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { saveConversationReference } from '../../src/bot/conversations.js';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { Delivery } from '../../src/domain/delivery/delivery.js';
import { parseDraftForm } from '../../src/domain/drafts/draft.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
import { realKnowledgeBase } from '../support/kb.js';
import { memoryLogger } from '../support/logs.js';

interface Call {
  method: string;
  path: string;
  status: number;
  body?: Record<string, unknown>;
}

/**
 * A connector that answers the roster with two members and every other call with the next scripted status for
 * its method (then 200).
 */
async function connector(script: Record<string, number[]>): Promise<{ server: Server; url: string; calls: Call[] }> {
  const calls: Call[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const text = Buffer.concat(chunks).toString('utf8');
      const status = script[method]?.shift() ?? 200;
      calls.push({ method, path: req.url ?? '', status, ...(text ? { body: JSON.parse(text) as Record<string, unknown> } : {}) });
      res.writeHead(status, { 'content-type': 'application/json' });
      if (status !== 200) return res.end(JSON.stringify({ error: { code: String(status), message: 'nee' } }));
      if (req.url?.includes('/pagedmembers')) {
        return res.end(JSON.stringify({ members: [{ id: '29:a', aadObjectId: 'aad-a', name: 'Ans' }, { id: '29:b', aadObjectId: 'aad-b', name: 'Bram' }] }));
      }
      res.end(JSON.stringify({ id: randomUUID() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, calls };
}

let servers: Server[] = [];
afterEach(() => {
  servers.forEach((s) => s.close());
  servers = [];
});

const NOW = new Date('2026-12-02T10:00:00+01:00');

async function setup(script: Record<string, number[]>, options: { serviceUrl?: string; now?: () => Date; logger?: ReturnType<typeof memoryLogger>; attempts?: number } = {}) {
  const fake = await connector(script);
  servers.push(fake.server);
  const store = new MemoryStore();
  const sleeps: number[] = [];
  const c = compose(loadConfig({ STORAGE: 'memory' }), (options.logger ?? memoryLogger('silent')).logger, {
    kb: realKnowledgeBase(),
    store,
    now: options.now ?? (() => NOW),
    delivery: new Delivery({ retry: { baseMs: 10, maxMs: 50, ...(options.attempts ? { attempts: options.attempts } : {}) }, sleep: async (ms) => void sleeps.push(ms) }),
    connectorTimeoutMs: 300,
  });
  await saveConversationReference(store, { serviceUrl: options.serviceUrl ?? fake.url, channelId: 'msteams', conversation: { id: 'chat-1', conversationType: 'groupChat', isGroup: true, name: 'chat' }, bot: { id: 'bot', name: 'Adviesbot' } }, 'installationUpdate');
  const form = parseDraftForm({ number: '2.1', title: 'Participatiecoaching', text: 'Tekst van het deeladvies.', closeDate: '2026-12-20' }, NOW);
  if (!form.ok) throw new Error('form');
  const draft = await c.draftStore.create(form.value, { id: 'aad-a', name: 'Ans' }, { conversationId: 'chat-1', scope: 'groupChat' });
  await c.draftStore.placed(draft.id, { cardActivityId: 'card-1' });
  return { c, fake, draftId: draft.id, sleeps };
}

describe('one outbound path for everything the bot sends on its own', () => {
  it('retries a draft card update that Teams answers with 429, then updates the card once', async () => {
    const { c, fake, draftId, sleeps } = await setup({ PUT: [429, 429] });
    await c.drafts.flush(draftId);
    const puts = fake.calls.filter((x) => x.method === 'PUT');
    expect(puts.map((x) => x.status)).toEqual([429, 429, 200]);
    expect(puts[2]!.path).toContain('/v3/conversations/chat-1/activities/card-1');
    expect(JSON.stringify(puts[2]!.body)).toContain('Participatiecoaching');
    // Backed off between the tries, and the roster (for "x van 2 leden") was fetched once.
    expect(sleeps.length).toBeGreaterThanOrEqual(2);
    expect(fake.calls.filter((x) => x.path.includes('/pagedmembers'))).toHaveLength(1);
  });

  it('gives up on a card update at once when the bot was removed (403), and says so to the caller', async () => {
    const { c, fake, draftId } = await setup({ PUT: [403] });
    await expect(c.drafts.flush(draftId)).rejects.toMatchObject({ gone: true, status: 403 });
    expect(fake.calls.filter((x) => x.method === 'PUT')).toHaveLength(1);
  });

  it('repeats a new message only after a 429 (Teams did nothing), not after other refusals', async () => {
    const { c, fake } = await setup({ POST: [412] });
    const notifier = (c.curation as unknown as { deps: { notifier: { toConversation(id: string, card: object): Promise<void> } } }).deps.notifier;
    const card = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Antwoord' }] };
    await expect(notifier.toConversation('chat-1', card)).rejects.toMatchObject({ status: 412 });
    expect(fake.calls.filter((x) => x.method === 'POST')).toHaveLength(1);
    fake.calls.length = 0;
    const again = await setup({ POST: [429] });
    const notifier2 = (again.c.curation as unknown as { deps: { notifier: { toConversation(id: string, card: object): Promise<void> } } }).deps.notifier;
    await notifier2.toConversation('chat-1', card);
    expect(again.fake.calls.filter((x) => x.method === 'POST').map((x) => x.status)).toEqual([429, 200]);
  });

  it('stops trying to show a closed result on a card whose service is gone, after a bounded number of passes, and says so once', async () => {
    // A port nothing listens on: every call is refused (as after an Agents Playground run).
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}/`;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    let now = NOW;
    const log = memoryLogger('info');
    const { c, draftId } = await setup({}, { serviceUrl: deadUrl, now: () => now, logger: log, attempts: 2 });
    now = new Date('2026-12-21T09:00:00+01:00');
    let passes = 0;
    for (let minute = 0; minute < 120; minute++) {
      const before = await c.draftStore.get(draftId);
      await c.draftScheduler.tick();
      const after = await c.draftStore.get(draftId);
      if (JSON.stringify(before?.cardRetry) !== JSON.stringify(after?.cardRetry) || before?.cardUnreachable !== after?.cardUnreachable) passes++;
      now = new Date(now.getTime() + 60_000);
    }
    const draft = (await c.draftStore.get(draftId))!;
    expect(draft.state).toBe('closed');
    expect(draft.cardUnreachable).toBeTruthy();
    expect(draft.closedCardShown).toBeFalsy();
    // Five passes with backoff (1, 2, 4, 8 minutes apart), not 120.
    expect(passes).toBe(5);
    const warnings = log.lines.filter((l) => l.includes('no more tries'));
    expect(warnings).toHaveLength(1);
    expect(log.lines.some((l) => l.includes('turn failed'))).toBe(false);
    expect(log.lines.every((l) => !l.includes('"stack"'))).toBe(true);
  });
});
