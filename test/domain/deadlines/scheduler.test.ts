import { describe, expect, it } from 'vitest';
import { parseDeadlineForm } from '../../../src/domain/deadlines/deadline.js';
import { DeadlineRegister } from '../../../src/domain/deadlines/register.js';
import { ReminderScheduler, type ReminderNotice, type ReminderSender } from '../../../src/domain/deadlines/scheduler.js';
import { Delivery, DeliveryError } from '../../../src/domain/delivery/delivery.js';
import { MemoryStore } from '../../../src/storage/memory-storage.js';
import { FakeClock } from '../../support/clock.js';

const organiser = { id: 'aad-org', name: 'Secretaris' };

class RecordingSender implements ReminderSender {
  readonly sent: Array<{ conversationId: string; notice: ReminderNotice }> = [];
  failures: Array<DeliveryError | undefined> = [];
  async send(conversationId: string, notice: ReminderNotice): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ conversationId, notice });
  }
}

async function setup(start = '2026-11-23T12:00:00+01:00', conversations = ['c1']) {
  const clock = new FakeClock(start);
  const store = new MemoryStore();
  const register = new DeadlineRegister(store, clock.now);
  const parsed = parseDeadlineForm({ title: 'Advies over de Wmo', dueDate: '2026-12-16' }, clock.now());
  if (!parsed.ok) throw new Error('form');
  let deadline = await register.add(parsed.value, organiser, conversations[0]!);
  for (const c of conversations.slice(1)) deadline = await register.follow(deadline.id, c, organiser);
  const sender = new RecordingSender();
  const scheduler = (instanceId: string, s: ReminderSender = sender) =>
    new ReminderScheduler({
      register,
      store,
      sender: s,
      now: clock.now,
      instanceId,
      delivery: new Delivery({ now: clock.ms, sleep: clock.sleep, random: () => 0.5 }),
      onConversationGone: async (id) => {
        await register.unfollowEverywhere(id, { id: 'adviesbot', name: 'Adviesbot' });
      },
    });
  return { clock, store, register, deadline, sender, scheduler };
}

describe('reminder scheduler', () => {
  it('sends the 14-day reminder at 09:00 on 2 December, not before, and only once', async () => {
    const { clock, sender, scheduler } = await setup();
    const s = scheduler('a');
    clock.set('2026-12-02T08:59:00+01:00');
    expect((await s.tick()).sent).toBe(0);
    clock.set('2026-12-02T09:00:00+01:00');
    expect((await s.tick()).sent).toBe(1);
    expect(sender.sent[0]!.notice).toMatchObject({ daysLeft: 14, late: false });
    clock.advance(60_000);
    expect((await s.tick()).sent).toBe(0);
    expect(sender.sent).toHaveLength(1);
  });

  it('after a restart sends the reminder it missed, marked late, and skips older missed ones', async () => {
    const { clock, sender, scheduler } = await setup();
    // The bot was down from 1 December until 10 December 11:00: the 14- and 7-day reminders were missed.
    clock.set('2026-12-10T11:00:00+01:00');
    const report = await scheduler('restarted').tick();
    expect(report).toMatchObject({ sent: 1, late: 1, skipped: 1 });
    expect(sender.sent[0]!.notice).toMatchObject({ late: true, reminder: { daysBefore: 7 } });
  });

  it('sends nothing once the deadline itself has passed, or when it was submitted', async () => {
    const { clock, register, deadline, sender, scheduler } = await setup();
    clock.set('2026-12-17T10:00:00+01:00');
    expect((await scheduler('a').tick()).sent).toBe(0);
    clock.set('2026-12-09T10:00:00+01:00');
    await register.markSubmitted(deadline.id, organiser);
    expect((await scheduler('a').tick()).sent).toBe(0);
    expect(sender.sent).toHaveLength(0);
  });

  it('with two instances on one store sends each reminder exactly once', async () => {
    const conversations = Array.from({ length: 40 }, (_, i) => `conv-${i}`);
    const { clock, sender, scheduler } = await setup('2026-11-23T12:00:00+01:00', conversations);
    const a = scheduler('instance-a');
    const b = scheduler('instance-b');
    for (const at of ['2026-12-02T09:00:00+01:00', '2026-12-09T09:00:30+01:00', '2026-12-14T09:01:00+01:00', '2026-12-16T09:00:00+01:00']) {
      clock.set(at);
      await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    }
    const keys = sender.sent.map((s) => `${s.conversationId}:${s.notice.reminder.slot}`);
    expect(keys).toHaveLength(40 * 4);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('frees a claim that was never completed (a crash) so another instance sends it', async () => {
    const { clock, sender, scheduler } = await setup();
    clock.set('2026-12-02T09:00:00+01:00');
    const hanging: ReminderSender = { send: () => new Promise(() => undefined) };
    // Instance "crashed" claims and never finishes; its delivery times out after 15 s of fake time.
    const crashed = scheduler('crashed', hanging);
    void crashed.tick();
    await new Promise((r) => setTimeout(r, 20));
    expect((await scheduler('other').tick()).busy).toBe(1);
    clock.advance(6 * 60_000);
    expect((await scheduler('other').tick()).sent).toBe(1);
    expect(sender.sent).toHaveLength(1);
  });

  it('retries a 429 without Retry-After with backoff, then succeeds', async () => {
    const { clock, sender, scheduler } = await setup();
    clock.set('2026-12-02T09:00:00+01:00');
    sender.failures = [new DeliveryError('Too Many Requests', 429), new DeliveryError('Too Many Requests', 429)];
    const before = clock.ms();
    expect((await scheduler('a').tick()).sent).toBe(1);
    expect(sender.sent).toHaveLength(1);
    expect(clock.ms() - before).toBeGreaterThanOrEqual(375 + 750); // two backoffs of 3/4 of 500 and 1000 ms
  });

  it('stops reminding a conversation that returns 403', async () => {
    const { clock, register, deadline, sender, scheduler } = await setup('2026-11-23T12:00:00+01:00', ['weg', 'blijft']);
    clock.set('2026-12-02T09:00:00+01:00');
    sender.failures = [new DeliveryError('Forbidden', 403)];
    const report = await scheduler('a').tick();
    expect(report).toMatchObject({ gone: 1, sent: 1 });
    expect((await register.get(deadline.id))!.conversations).toEqual(['blijft']);
  });

  it('marks a reminder failed after the retries are spent, for the organisers to see', async () => {
    const { clock, register, deadline, sender, scheduler } = await setup();
    clock.set('2026-12-02T09:00:00+01:00');
    sender.failures = Array.from({ length: 6 }, () => new DeliveryError('Bad Gateway', 502));
    const s = scheduler('a');
    expect((await s.tick()).failed).toBe(1);
    const failures = await s.failures((await register.get(deadline.id))!);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.lastError).toMatch(/502/);
  });

  it('does not send a reminder whose moment had passed when the deadline was added', async () => {
    // Added on 23 November for 26 November: the 14- and 7-day moments are long gone, the 2-day one is on the 24th.
    const clock = new FakeClock('2026-11-23T12:00:00+01:00');
    const store = new MemoryStore();
    const register = new DeadlineRegister(store, clock.now);
    const form = parseDeadlineForm({ title: 'Snel advies', dueDate: '2026-11-26' }, clock.now());
    if (!form.ok) throw new Error('form');
    await register.add(form.value, organiser, 'c1');
    const sender = new RecordingSender();
    const s = new ReminderScheduler({ register, store, sender, now: clock.now, instanceId: 'a', delivery: new Delivery({ now: clock.ms, sleep: clock.sleep }) });
    expect((await s.tick()).sent).toBe(0);
    clock.set('2026-11-24T09:00:00+01:00');
    expect((await s.tick()).sent).toBe(1);
    expect(sender.sent[0]!.notice).toMatchObject({ late: false, reminder: { daysBefore: 2 } });
  });

  it('sends a snoozed reminder the next morning', async () => {
    const { clock, register, deadline, sender, scheduler } = await setup();
    clock.set('2026-12-03T09:00:00+01:00');
    await register.snooze(deadline.id, 'c1', new Date('2026-12-04T09:00:00+01:00'), organiser);
    const s = scheduler('a');
    await s.tick(); // the 14-day reminder of 2 December, late
    clock.set('2026-12-04T09:00:00+01:00');
    expect((await s.tick()).sent).toBe(1);
    expect(sender.sent.at(-1)!.notice.reminder.snooze).toBe(true);
  });
});
