import { describe, expect, it } from 'vitest';
import { parseDeadlineForm } from '../../src/domain/deadlines/deadline.js';
import { DeadlineRegister } from '../../src/domain/deadlines/register.js';
import { parseDraftForm } from '../../src/domain/drafts/draft.js';
import { DraftStore } from '../../src/domain/drafts/draft-store.js';
import type { StoreItems } from '../../src/domain/storage-port.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';

const NOW = new Date('2026-12-02T10:00:00Z');
const actor = { id: 'o', name: 'Secretaris' };

/** A store that "crashes" (throws) on the n-th write, as a SIGKILL between two writes would leave it. */
class CrashingStore extends MemoryStore {
  writes = 0;
  constructor(private readonly crashAt: number) {
    super();
  }
  override async write(changes: StoreItems): Promise<void> {
    if (++this.writes === this.crashAt) throw new Error('process killed');
    return super.write(changes);
  }
}

describe('idempotency in storage (the form nonce)', () => {
  it('a re-pressed deadline form after a crash between the deadline and its reminders stores it once, with its reminders', async () => {
    const store = new CrashingStore(2);
    const register = new DeadlineRegister(store, () => NOW);
    const form = parseDeadlineForm({ title: 'Advies Wmo', dueDate: '2026-12-30', dueTime: '17:00' }, NOW);
    if (!form.ok) throw new Error('form');
    await expect(register.add(form.value, actor, 'conv', 'team', 'nonce-1')).rejects.toThrow('process killed');
    expect(await store.keys('reminder/')).toEqual([]);
    // After the restart (a new register on the same store) the member presses the same form again.
    const again = await new DeadlineRegister(store, () => NOW).add(form.value, actor, 'conv', 'team', 'nonce-1');
    expect(await register.list()).toHaveLength(1);
    expect((await register.list())[0]!.id).toBe(again.id);
    expect((await store.keys(`reminder/${again.id}/`)).length).toBeGreaterThan(0);
    // A third press changes nothing; another form (other nonce) is another deadline.
    await register.add(form.value, actor, 'conv', 'team', 'nonce-1');
    expect(await register.list()).toHaveLength(1);
    await register.add(form.value, actor, 'conv', 'team', 'nonce-2');
    expect(await register.list()).toHaveLength(2);
  });

  it('a re-pressed draft form returns the stored draft, and only one press may post its card', async () => {
    const store = new MemoryStore();
    const drafts = new DraftStore(store, () => NOW);
    const form = parseDraftForm({ number: '8.2', title: 'Werk', text: 'Tekst', closeDate: '2026-12-20' }, NOW);
    if (!form.ok) throw new Error('form');
    const where = { conversationId: 'conv', teamId: 'team', scope: 'team' };
    const first = await drafts.create(form.value, actor, where, 'nonce-a');
    const second = await drafts.create(form.value, actor, where, 'nonce-a');
    expect(second.id).toBe(first.id);
    expect(await drafts.all()).toHaveLength(1);
    expect(await drafts.claimPosting(first.id)).toBe(true);
    expect(await drafts.claimPosting(first.id)).toBe(false); // a second press while the first posts
    await drafts.placed(first.id, { cardActivityId: 'card' });
    expect(await drafts.claimPosting(first.id)).toBe(false); // posted: never a second card
    expect((await drafts.findByNumber('team', '8.2'))?.id).toBe(first.id);
    // The same nonce in another team is another draft.
    const elsewhere = await drafts.create(form.value, actor, { conversationId: 'c2', teamId: 'team2', scope: 'team2' }, 'nonce-a');
    expect(elsewhere.id).not.toBe(first.id);
    expect(await drafts.findByNumber('team', '8.2')).toMatchObject({ id: first.id });
  });

  it('a crashed post whose claim expired may be posted by the next press', async () => {
    let now = NOW;
    const drafts = new DraftStore(new MemoryStore(), () => now);
    const form = parseDraftForm({ number: '3', title: 'Werk', text: 'Tekst', closeDate: '2026-12-20' }, NOW);
    if (!form.ok) throw new Error('form');
    const d = await drafts.create(form.value, actor, { conversationId: 'conv', scope: 'conv' }, 'n');
    expect(await drafts.claimPosting(d.id, 60_000)).toBe(true);
    now = new Date(NOW.getTime() + 61_000);
    expect(await drafts.claimPosting(d.id, 60_000)).toBe(true);
  });
});
