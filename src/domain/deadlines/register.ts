import { randomUUID } from 'node:crypto';
import type { KeyValueStore } from '../storage-port.js';
import { idFromKey, mutate, readAll } from '../store-helpers.js';
import { stateAt, type Actor, type Deadline, type DeadlineInput } from './deadline.js';
import { planReminders, reminderKey, type ReminderRecord } from './reminder-plan.js';

export const DEADLINE_PREFIX = 'deadline/';

export class DeadlineNotFoundError extends Error {
  readonly code = 'DEADLINE_NOT_FOUND';
  constructor(readonly id: string) {
    super(`Deadline ${id} bestaat niet (meer).`);
    this.name = 'DeadlineNotFoundError';
  }
}

/**
 * The deadline register, persisted through the storage port. Saving a deadline also writes its planned
 * reminders as pending records, so the scheduler can claim each one with its eTag.
 */
export class DeadlineRegister {
  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Stores a new deadline and its reminder records. With an idempotency key (the form's nonce) the id comes
   * from the key: a re-press of the same form, also after a crash between the two writes, returns the deadline
   * stored the first time and writes the reminder records it may lack.
   */
  async add(input: DeadlineInput, actor: Actor, conversationId: string, teamId?: string, idempotencyKey?: string): Promise<Deadline> {
    const id = idempotencyKey ? idFromKey(`${teamId ?? conversationId}:${idempotencyKey}`) : randomUUID().slice(0, 8);
    if (idempotencyKey) {
      const existing = await this.get(id);
      if (existing) {
        await this.writePlan(existing);
        return existing;
      }
    }
    const at = this.now().toISOString();
    const deadline: Deadline = {
      id,
      ...input,
      conversations: [conversationId],
      state: 'open',
      ...(teamId ? { teamId } : {}),
      snoozes: [],
      createdBy: actor,
      createdAt: at,
      updatedBy: actor,
      updatedAt: at,
    };
    await this.store.write({ [DEADLINE_PREFIX + deadline.id]: { ...deadline, eTag: '*' } });
    await this.writePlan(deadline);
    return deadline;
  }

  async get(id: string): Promise<Deadline | undefined> {
    return (await this.store.read([DEADLINE_PREFIX + id]))[DEADLINE_PREFIX + id] as Deadline | undefined;
  }

  async list(): Promise<Deadline[]> {
    // Listed by key prefix: no index document for concurrent saves to contend for.
    return (await readAll<Deadline>(this.store, DEADLINE_PREFIX)).map((x) => x.item).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Open deadlines (not submitted, cancelled or passed), soonest first. */
  async listOpen(): Promise<Deadline[]> {
    const now = this.now();
    return (await this.list())
      .filter((d) => stateAt(d, now) === 'open')
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  /** Applies a change with optimistic concurrency and re-plans the reminders. */
  async update(id: string, change: (d: Deadline) => Deadline, actor: Actor): Promise<Deadline> {
    let found = false;
    const updated = await mutate<Deadline & { [key: string]: unknown }>(this.store, DEADLINE_PREFIX + id, (current) => {
      if (!current) return undefined;
      found = true;
      return { ...change(current), id, updatedBy: actor, updatedAt: this.now().toISOString() } as Deadline & {
        [key: string]: unknown;
      };
    });
    if (!found || !updated) throw new DeadlineNotFoundError(id);
    await this.writePlan(updated);
    return updated;
  }

  edit(id: string, input: DeadlineInput, actor: Actor): Promise<Deadline> {
    return this.update(id, (d) => ({ ...d, ...input, ...(input.link ? {} : { link: undefined }) }), actor);
  }

  markSubmitted(id: string, actor: Actor): Promise<Deadline> {
    return this.update(id, (d) => ({ ...d, state: 'ingediend' }), actor);
  }

  cancel(id: string, actor: Actor): Promise<Deadline> {
    return this.update(id, (d) => ({ ...d, state: 'geannuleerd' }), actor);
  }

  /** Adds a conversation to those reminded of a deadline. */
  follow(id: string, conversationId: string, actor: Actor): Promise<Deadline> {
    return this.update(
      id,
      (d) => (d.conversations.includes(conversationId) ? d : { ...d, conversations: [...d.conversations, conversationId] }),
      actor,
    );
  }

  /** Stops reminding one conversation (the bot was removed from it). */
  unfollowEverywhere(conversationId: string, actor: Actor): Promise<Deadline[]> {
    return this.list().then((all) =>
      Promise.all(
        all
          .filter((d) => d.conversations.includes(conversationId))
          .map((d) => this.update(d.id, (x) => ({ ...x, conversations: x.conversations.filter((c) => c !== conversationId) }), actor)),
      ),
    );
  }

  /** "Herinner me morgen": one extra reminder for this conversation at the given instant. */
  snooze(id: string, conversationId: string, at: Date, actor: Actor): Promise<Deadline> {
    return this.update(
      id,
      (d) => ({ ...d, snoozes: [...d.snoozes.filter((s) => s.conversationId !== conversationId || s.at !== at.toISOString()), { conversationId, at: at.toISOString() }] }),
      actor,
    );
  }

  /** Writes a pending record for every planned reminder that has none yet. */
  private async writePlan(deadline: Deadline): Promise<void> {
    const planned = planReminders(deadline);
    if (planned.length === 0) return;
    const keys = planned.map(reminderKey);
    const existing = await this.store.read(keys);
    const fresh: Record<string, ReminderRecord> = {};
    const now = this.now().getTime();
    for (const reminder of planned) {
      const key = reminderKey(reminder);
      // A moment that had already passed when it was planned (a deadline added 3 days ahead has no 7-day
      // reminder) is skipped, not sent as a "late" reminder.
      const past = new Date(reminder.at).getTime() < now - 60_000;
      if (!existing[key]) fresh[key] = past ? { ...reminder, state: 'skipped', attempts: 0, lastError: 'al voorbij bij het plannen' } : { ...reminder, state: 'pending', attempts: 0 };
    }
    if (Object.keys(fresh).length > 0) await this.store.write(fresh as never);
  }
}
