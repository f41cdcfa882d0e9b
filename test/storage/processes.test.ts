import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveConversationReference } from '../../src/bot/conversations.js';
import { parseDeadlineForm } from '../../src/domain/deadlines/deadline.js';
import { DeadlineRegister } from '../../src/domain/deadlines/register.js';
import { planReminders, reminderKey } from '../../src/domain/deadlines/reminder-plan.js';
import { civilDateIn, dayNumber, fromDayNumber } from '../../src/domain/dates.js';
import { isoDate } from '../../src/domain/time.js';
import { BlobStore } from '../../src/storage/blob-storage.js';
import { startAzurite, type Azurite } from '../support/azurite.js';

/** A connector that counts reminder posts per conversation, answers slowly (so sends are in flight), and serves a roster. */
function slowConnector(delayMs: number) {
  const received = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      setTimeout(() => {
        if (match && req.method === 'POST') received.set(decodeURIComponent(match[1]!), (received.get(decodeURIComponent(match[1]!)) ?? 0) + 1);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: randomUUID() }));
      }, delayMs);
    });
  });
  return { server, received };
}

let azurite: Azurite;
beforeAll(async () => {
  azurite = await startAzurite();
}, 30_000);
afterAll(async () => azurite?.stop(), 30_000);

/** `claimSeconds`: short only where a killed process's claims must expire within the test. */
function startBot(name: string, container: string, claimSeconds = 30): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      STORAGE: 'blob',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_STORAGE_CONTAINER: container,
      INSTANCE_ID: name,
      REMINDER_INTERVAL_SECONDS: '1',
      REMINDER_CLAIM_SECONDS: String(claimSeconds),
      LOG_LEVEL: 'silent',
      MicrosoftAppId: '',
    },
    stdio: 'ignore',
  });
}

/**
 * A deadline due tomorrow with, for every conversation, one reminder that fell due a minute ago (a snooze at
 * now - 60 s): due whatever the hour of the day, unlike the 09:00 reminders (CI runs at any hour).
 */
async function seed(container: string, conversations: string[], serviceUrl: string): Promise<void> {
  const store = new BlobStore(azurite.connectionString, container);
  for (const id of conversations) {
    await saveConversationReference(store, { serviceUrl, channelId: 'msteams', conversation: { id, conversationType: 'channel', isGroup: true, name: id }, bot: { id: 'bot', name: 'Adviesbot' } }, 'installationUpdate');
  }
  const now = new Date();
  const tomorrow = isoDate(fromDayNumber(dayNumber(civilDateIn(now)) + 1));
  const form = parseDeadlineForm({ title: 'Advies Wmo', dueDate: tomorrow, dueTime: '23:00' }, now);
  if (!form.ok) throw new Error(JSON.stringify(form.errors));
  const register = new DeadlineRegister(store, () => now);
  const actor = { id: 'o', name: 'Secretaris' };
  const d = await register.add({ ...form.value, schedule: [] }, actor, conversations[0]!);
  const dueNow = new Date(now.getTime() - 60_000).toISOString();
  const full = await register.update(d.id, (x) => ({ ...x, conversations, snoozes: conversations.map((conversationId) => ({ conversationId, at: dueNow })) }), actor);
  // Planning marks a moment already past as skipped; make each one pending, as after downtime.
  const planned = planReminders(full);
  expect(planned).toHaveLength(conversations.length);
  await store.write(Object.fromEntries(planned.map((r) => [reminderKey(r), { ...r, state: 'pending', attempts: 0 }])));
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return check();
}

const stop = (child: ChildProcess, signal: NodeJS.Signals): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });

describe('bot processes on one Azurite', () => {
  it('two processes send each reminder once', async () => {
    const connector = slowConnector(5);
    await new Promise<void>((resolve) => connector.server.listen(0, '127.0.0.1', resolve));
    const conversations = Array.from({ length: 60 }, (_, i) => `twee-${i}`);
    await seed('processen', conversations, `http://127.0.0.1:${(connector.server.address() as AddressInfo).port}/`);
    const a = startBot('A', 'processen');
    const b = startBot('B', 'processen');
    try {
      expect(await until(() => connector.received.size === conversations.length, 40_000)).toBe(true);
      await new Promise((r) => setTimeout(r, 3000)); // give a double send the time to show up
      expect([...connector.received.values()].filter((n) => n > 1)).toEqual([]);
    } finally {
      await Promise.all([stop(a, 'SIGTERM'), stop(b, 'SIGTERM')]);
      connector.server.close();
    }
  }, 90_000);

  it('loses no reminder when a process is killed (SIGKILL) while sending, and resends at most those in flight', async () => {
    const connector = slowConnector(150);
    await new Promise<void>((resolve) => connector.server.listen(0, '127.0.0.1', resolve));
    const conversations = Array.from({ length: 120 }, (_, i) => `crash-${i}`);
    await seed('crash', conversations, `http://127.0.0.1:${(connector.server.address() as AddressInfo).port}/`);
    const first = startBot('eerste', 'crash', 3);
    expect(await until(() => connector.received.size >= 20, 40_000)).toBe(true);
    await stop(first, 'SIGKILL');
    const before = connector.received.size;
    expect(before).toBeLessThan(conversations.length);
    const second = startBot('tweede', 'crash', 3);
    try {
      expect(await until(() => connector.received.size === conversations.length, 60_000)).toBe(true);
      await new Promise((r) => setTimeout(r, 2000));
      const twice = [...connector.received.values()].filter((n) => n > 1).length;
      // Sends that reached Teams in the moment before the kill, but were not yet marked sent, go out again: at
      // most the sends in flight (32 at a time). Everything else exactly once.
      expect(twice).toBeLessThanOrEqual(32);
      console.info(`crash-test: ${before} afgeleverd voor de kill, ${twice} dubbel na de herstart`);
    } finally {
      await stop(second, 'SIGTERM');
      connector.server.close();
    }
  }, 120_000);
});

