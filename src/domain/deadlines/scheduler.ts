import type { KeyValueStore } from '../storage-port.js';
import { StorageConflictError } from '../storage-port.js';
import { mutate } from '../store-helpers.js';
import { Delivery } from '../delivery/delivery.js';
import { daysLeft, stateAt, type Deadline } from './deadline.js';
import type { DeadlineRegister } from './register.js';
import { planReminders, reminderKey, type PlannedReminder, type ReminderRecord } from './reminder-plan.js';

/** What a reminder card needs. */
export interface ReminderNotice {
  deadline: Deadline;
  reminder: PlannedReminder;
  daysLeft: number;
  /** Sent later than planned (the bot was down at the time). */
  late: boolean;
}

/** The port through which reminders reach Teams; throws DeliveryError when the channel refuses. */
export interface ReminderSender {
  send(conversationId: string, notice: ReminderNotice): Promise<void>;
}

export interface TickReport {
  sent: number;
  late: number;
  failed: number;
  gone: number;
  skipped: number;
  /** Reminders another instance had already claimed. */
  busy: number;
}

export interface SchedulerOptions {
  register: DeadlineRegister;
  store: KeyValueStore;
  sender: ReminderSender;
  delivery?: Delivery;
  now?: () => Date;
  /** Identifies this process in claims. */
  instanceId: string;
  /** How long a claim holds; a crash between claim and send frees the reminder after this. */
  claimMs?: number;
  /** A reminder sent more than this after its planned moment is marked late. */
  lateAfterMs?: number;
  /** Sends in flight at once (the rate limiter keeps them within the Teams limits). */
  concurrency?: number;
  /** Called when a conversation is gone (403/404): stop reminding it. */
  onConversationGone?: (conversationId: string) => Promise<void>;
}

/**
 * Sends every due reminder exactly once, across restarts and instances: a reminder is claimed in storage with
 * its eTag before it is sent (only one claimant wins), marked sent afterwards, and a claim that is never
 * completed (a crash) expires so another tick sends it. A reminder that fell due while the bot was down goes
 * out late, unless the deadline itself has passed; of several missed reminders only the latest is sent.
 */
export class ReminderScheduler {
  private readonly now: () => Date;
  private readonly delivery: Delivery;
  private readonly claimMs: number;
  private readonly lateAfterMs: number;
  private readonly concurrency: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<TickReport> | undefined;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? (() => new Date());
    this.delivery = options.delivery ?? new Delivery();
    this.claimMs = options.claimMs ?? 5 * 60_000;
    this.lateAfterMs = options.lateAfterMs ?? 30 * 60_000;
    this.concurrency = options.concurrency ?? 32;
  }

  start(intervalMs = 60_000): void {
    if (this.timer) return;
    const run = (): void => void this.tick().catch(() => undefined);
    run();
    this.timer = setInterval(run, intervalMs);
    this.timer.unref?.();
  }

  /** Stops the timer and waits for the tick in flight to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass: claim and send what is due. Overlapping calls share the pass in flight. */
  tick(): Promise<TickReport> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<TickReport> {
    const report: TickReport = { sent: 0, late: 0, failed: 0, gone: 0, skipped: 0, busy: 0 };
    const now = this.now();
    const due: Array<{ deadline: Deadline; reminder: PlannedReminder }> = [];
    const superseded: PlannedReminder[] = [];
    for (const deadline of await this.options.register.list()) {
      if (stateAt(deadline, now) !== 'open') continue;
      const byConversation = new Map<string, PlannedReminder[]>();
      for (const reminder of planReminders(deadline)) {
        if (new Date(reminder.at).getTime() > now.getTime()) continue;
        byConversation.set(reminder.conversationId, [...(byConversation.get(reminder.conversationId) ?? []), reminder]);
      }
      for (const list of byConversation.values()) {
        // Sorted by time: the latest one is sent, earlier ones that were never sent are superseded.
        due.push({ deadline, reminder: list[list.length - 1]! });
        superseded.push(...list.slice(0, -1));
      }
    }
    if (due.length === 0) return report;

    const records = await this.options.store.read([...due, ...superseded.map((reminder) => ({ reminder }))].map((d) => reminderKey(d.reminder)));
    for (const reminder of superseded) {
      const record = records[reminderKey(reminder)] as ReminderRecord | undefined;
      if (record?.state === 'pending') {
        await this.options.store
          .write({ [reminderKey(reminder)]: { ...record, state: 'skipped', lastError: 'vervangen door een latere herinnering' } })
          .catch(() => undefined);
        report.skipped++;
      }
    }

    const claimed: Array<{ deadline: Deadline; reminder: PlannedReminder }> = [];
    for (const item of due) {
      const key = reminderKey(item.reminder);
      const record = records[key] as ReminderRecord | undefined;
      if (!record) {
        // Not planned yet (a conversation that just started following): create it; the next tick claims it
        // with its eTag, so two instances can never both send it.
        await this.options.store.write({ [key]: { ...item.reminder, state: 'pending', attempts: 0 } });
        continue;
      }
      if (!this.claimable(record, now)) {
        if (record?.state === 'claimed') report.busy++;
        continue;
      }
      const claim: ReminderRecord = {
        ...record,
        state: 'claimed',
        claimedBy: this.options.instanceId,
        // From the moment of this claim, not the start of the pass: claiming many reminders one by one on a remote
        // store takes seconds, and a claim that is already expired when written lets another instance send too.
        claimUntil: new Date(this.now().getTime() + this.claimMs).toISOString(),
        attempts: record.attempts + 1,
      };
      try {
        await this.options.store.write({ [key]: claim });
        claimed.push(item);
      } catch (error) {
        if (!(error instanceof StorageConflictError)) throw error;
        report.busy++;
      }
    }

    await forEachLimited(claimed, this.concurrency, async ({ deadline, reminder }) => {
      const late = now.getTime() - new Date(reminder.at).getTime() > this.lateAfterMs;
      const notice: ReminderNotice = { deadline, reminder, daysLeft: daysLeft(deadline, now), late };
      const result = await this.delivery.deliver(reminder.conversationId, () => this.options.sender.send(reminder.conversationId, notice));
      const finished = this.now().toISOString();
      await this.complete(reminderKey(reminder), (r) =>
        result.ok
          ? { ...r, state: 'sent', sentAt: finished, late, claimUntil: undefined }
          : { ...r, state: 'failed', lastError: result.gone ? `gesprek niet meer bereikbaar (${result.error})` : result.error, claimUntil: undefined },
      );
      if (result.ok) {
        report.sent++;
        if (late) report.late++;
      } else if (result.gone) {
        report.gone++;
        await this.options.onConversationGone?.(reminder.conversationId);
      } else report.failed++;
    });
    return report;
  }

  private claimable(record: ReminderRecord, now: Date): boolean {
    if (record.state === 'pending') return true;
    return record.state === 'claimed' && new Date(record.claimUntil ?? 0).getTime() <= now.getTime();
  }

  /** Records the outcome, but only while the claim is still ours. */
  private async complete(key: string, change: (r: ReminderRecord) => ReminderRecord): Promise<void> {
    await mutate<ReminderRecord>(this.options.store, key, (current) =>
      current && current.state === 'claimed' && current.claimedBy === this.options.instanceId ? change(current) : undefined,
    );
  }

  /** Reminders that finally failed, for the organisers' overview. */
  async failures(deadline: Deadline): Promise<ReminderRecord[]> {
    const keys = planReminders(deadline).map(reminderKey);
    if (keys.length === 0) return [];
    const records = await this.options.store.read(keys);
    return Object.values(records).filter((r): r is ReminderRecord => (r as ReminderRecord | undefined)?.state === 'failed');
  }
}

async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(workers);
}
