import type { KnowledgeBase } from '../src/domain/knowledge/load.js';
import type { KnowledgeEntry } from '../src/domain/knowledge/schema.js';

/** A deterministic pseudo-random generator, so every run builds the same synthetic knowledge base. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The real knowledge base plus (factor - 1) synthetic copies of every entry. A copy keeps the shape of its
 * entry (field lengths, number of phrasings) and a quarter of its words; the other words become variants that
 * belong to that copy's "topic" (a word with a suffix), so the vocabulary grows with the size of the base as
 * it does in real text (Heaps' law) and common words stay common while topic words stay rare.
 */
export function scaledKnowledgeBase(kb: KnowledgeBase, factor: number): KnowledgeBase {
  if (factor <= 1) return kb;
  const random = rng(42);
  const entries: KnowledgeEntry[] = [...kb.entries];
  const topics = Math.max(8, Math.round(factor * 4));
  for (let copy = 1; copy < factor; copy++) {
    for (const entry of kb.entries) {
      const topic = Math.floor(random() * topics).toString(36);
      const vary = (text: string): string =>
        text
          .split(/\s+/)
          .map((w) => (random() < 0.25 || w.length < 4 ? w : `${w.replace(/[?.,:;!]+$/, '')}x${topic}`))
          .join(' ');
      entries.push({
        ...entry,
        id: `${entry.id}-synthetisch-${copy}`,
        title: vary(entry.title),
        questions: entry.questions.map(vary),
        answer: vary(entry.answer),
        topics: entry.topics.map((t) => `${t}x${topic}`),
        related: [],
      });
    }
  }
  return { ...kb, entries, byId: new Map(entries.map((e) => [e.id, e])) };
}
