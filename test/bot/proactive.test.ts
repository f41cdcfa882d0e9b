import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestAdapter } from 'botbuilder';
import { afterEach, describe, expect, it } from 'vitest';
import { saveConversationReference } from '../../src/bot/conversations.js';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { parseDeadlineForm } from '../../src/domain/deadlines/deadline.js';
import { Delivery } from '../../src/domain/delivery/delivery.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
import { realKnowledgeBase } from '../support/kb.js';
import { memoryLogger } from '../support/logs.js';

/** A connector whose answers the test scripts: a list of status codes, then 200. */
async function scriptedConnector(statuses: number[]): Promise<{ server: Server; url: string; received: Array<{ status: number; body: Record<string, unknown> }> }> {
  const received: Array<{ status: number; body: Record<string, unknown> }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = statuses.shift() ?? 200;
      received.push({ status, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 200 ? { id: randomUUID() } : { error: { code: String(status), message: 'nee' } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, received };
}

let servers: Server[] = [];
afterEach(() => {
  servers.forEach((s) => s.close());
  servers = [];
});

async function setup(statuses: number[], conversations = ['kanaal-1']) {
  const connector = await scriptedConnector(statuses);
  servers.push(connector.server);
  let now = new Date('2026-11-23T12:00:00+01:00');
  const store = new MemoryStore();
  const c = compose(loadConfig({ STORAGE: 'memory' }), memoryLogger('silent').logger, {
    kb: realKnowledgeBase(),
    store,
    now: () => now,
    // Real backoff, shortened so the test stays quick.
    delivery: new Delivery({ retry: { baseMs: 20, maxMs: 100 } }),
  });
  for (const id of conversations) {
    await saveConversationReference(store, { serviceUrl: connector.url, channelId: 'msteams', conversation: { id, conversationType: 'channel', isGroup: true, name: id }, bot: { id: 'bot', name: 'Adviesbot' } }, 'installationUpdate');
  }
  const form = parseDeadlineForm({ title: 'Advies over de Wmo-verordening', dueDate: '2026-12-16' }, now);
  if (!form.ok) throw new Error('form');
  const actor = { id: 'o', name: 'Secretaris' };
  const d = await c.register.add(form.value, actor, conversations[0]!);
  await c.register.update(d.id, (x) => ({ ...x, conversations }), actor);
  now = new Date('2026-12-02T09:00:00+01:00');
  return { c, connector, deadlineId: d.id };
}

describe('reminders through the Bot Framework adapter', () => {
  it('retries a 429 without Retry-After and then delivers the reminder card once', async () => {
    const { c, connector } = await setup([429, 429]);
    const report = await c.scheduler.tick();
    expect(report).toMatchObject({ sent: 1, failed: 0 });
    expect(connector.received.map((r) => r.status)).toEqual([429, 429, 200]);
    const card = (connector.received[2]!.body.attachments as Array<{ content: unknown }>)[0]!.content;
    const json = JSON.stringify(card);
    expect(json).toContain('Herinnering: Advies over de Wmo-verordening');
    expect(json).toContain('16 december 2026 om 17:00');
    expect(json).toContain('Markeer als ingediend');
    expect(json).toContain('Herinner me morgen');
    expect(json).toContain('Details');
    expect((await c.scheduler.tick()).sent).toBe(0);
  });

  it('stops reminding a conversation that answers 403 and keeps the others', async () => {
    const { c, connector, deadlineId } = await setup([403], ['verwijderd', 'blijft']);
    const report = await c.scheduler.tick();
    expect(report).toMatchObject({ gone: 1, sent: 1 });
    expect(connector.received).toHaveLength(2);
    expect((await c.register.get(deadlineId))!.conversations).toEqual(['blijft']);
  });

  // botbuilder's connector client retries 5xx answers itself (with its own backoff); 412 it leaves to us.
  it('records a reminder as failed after the retries are spent, for the organisers to see', async () => {
    const { c, connector, deadlineId } = await setup([412, 412, 412, 412, 412, 412]);
    expect((await c.scheduler.tick()).failed).toBe(1);
    expect(connector.received).toHaveLength(6);
    const failures = await c.scheduler.failures((await c.register.get(deadlineId))!);
    expect(failures[0]!.lastError).toMatch(/412/);
    // Local anonymous mode without ORGANISERS: everyone is organiser and sees the failure in "deadlines".
    const adapter = new TestAdapter(async (context) => c.bot.run(context));
    await adapter.send({ type: 'message', text: 'deadlines', conversation: { id: 'kanaal-1', conversationType: 'personal', isGroup: false, name: 'x' } }).assertReply((a) => {
      expect(JSON.stringify(a.attachments?.[0]?.content)).toContain('1 herinnering is niet afgeleverd: HTTP 412');
    });
  });
});
