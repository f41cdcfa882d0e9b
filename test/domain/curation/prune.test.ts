import { describe, expect, it } from 'vitest';
import { CurationStore } from '../../../src/domain/curation/curation-store.js';
import { MemoryStore } from '../../../src/storage/memory-storage.js';

const asker = (i: number) => ({ id: `lid-${i}`, name: 'Lid', conversationId: `c-${i}` });
const at = (minute: number): string => new Date(Date.UTC(2026, 10, 23, 11, minute)).toISOString();

describe('kept unanswered questions', () => {
  it('keeps at most the maximum of open questions: the least asked go first, the oldest of those first; sent and handled ones stay', async () => {
    const curation = new CurationStore(new MemoryStore());
    const kept = [];
    for (let i = 0; i < 8; i++) kept.push(await curation.keep({ text: `vraag ${i}`, asker: asker(i), askedAt: at(i), reason: 'onbekend' }));
    // vraag 0 is asked three times, vraag 1 was sent to an organiser, vraag 2 is handled.
    await curation.keep({ text: 'vraag 0', asker: asker(20), askedAt: at(30), reason: 'onbekend' });
    await curation.keep({ text: 'vraag 0', asker: asker(21), askedAt: at(31), reason: 'onbekend' });
    await curation.escalate(kept[1]!.id);
    await curation.handle(kept[2]!.id, (q) => ({ ...q, state: 'genegeerd' }));

    expect(await curation.prune(10)).toBe(0);
    expect(await curation.prune(3)).toBe(3);
    const left = (await curation.questions()).map((q) => q.text).sort();
    // Droppable were 0 (asked 3x), 3, 4, 5, 6, 7: the three oldest once-asked ones (3, 4, 5) went.
    expect(left).toEqual(['vraag 0', 'vraag 1', 'vraag 2', 'vraag 6', 'vraag 7']);
    expect(await curation.prune(3)).toBe(0);
  });
});
