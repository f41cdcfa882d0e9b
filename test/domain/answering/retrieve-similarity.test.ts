import { describe, expect, it } from 'vitest';
import type { AnalyzedQuery } from '../../../src/domain/answering/normalize.js';
import { Retriever } from '../../../src/domain/answering/retrieve.js';
import { loadKnowledgeFromDisk } from '../../../src/knowledge-files.js';
import { scaledKnowledgeBase } from '../../../bench/synthetic.js';
import { loadGolden } from '../../support/golden.js';

/** The retriever's private parts this test compares (the plain computations the fast ones stand in for). */
interface Inside {
  entries: Map<string, { phrasings: Array<Map<string, string[]>> }>;
  bestSimilarity(groups: Map<string, string[]>, phrasings: Array<Map<string, string[]>>, memo: Map<string, number>): number;
}

function groupsOf(query: AnalyzedQuery): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const t of query.terms) groups.set(t.source, [...(groups.get(t.source) ?? []), t.term]);
  return groups;
}

/** The question with two neighbouring letters of its longest word swapped (as bench/qa.ts makes typos). */
function withTypo(question: string): string {
  const words = question.split(' ');
  let at = 0;
  words.forEach((w, i) => (w.length > words[at]!.length ? (at = i) : undefined));
  const w = words[at]!;
  if (w.length < 5) return question;
  const i = 1 + (w.length % (w.length - 2));
  words[at] = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  return words.join(' ');
}

describe('retriever similarity', () => {
  const golden = loadGolden();
  const questions = [...golden.answerable.map((a) => a.q), ...golden.unanswerable];

  it('gives each hit the similarity that dice over all its phrasings gives, exactly', () => {
    const kb = scaledKnowledgeBase(loadKnowledgeFromDisk(), 3);
    const retriever = new Retriever(kb.entries, kb.lexicon);
    const inside = retriever as unknown as Inside;
    let compared = 0;
    for (const q of [...questions, ...questions.map(withTypo)]) {
      const { hits, query } = retriever.searchAnalyzed(q, 10);
      const groups = groupsOf(query);
      for (const hit of hits) {
        expect(hit.similarity, `${q} / ${hit.entry.id}`).toBe(inside.bestSimilarity(groups, inside.entries.get(hit.entry.id)!.phrasings, new Map()));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('weighs phrasings anew after entries change', () => {
    const kb = loadKnowledgeFromDisk();
    const retriever = new Retriever(kb.entries, kb.lexicon);
    const inside = retriever as unknown as Inside;
    const q = questions[0]!;
    retriever.search(q, 10);
    // Another entry with the same words changes every idf, so the kept phrasing weights must not be used.
    const copy = { ...kb.entries[0]!, id: 'kopie' };
    retriever.upsert([copy, { ...kb.entries[1]!, id: 'kopie-2' }]);
    const { hits, query } = retriever.searchAnalyzed(q, 10);
    for (const hit of hits) expect(hit.similarity).toBe(inside.bestSimilarity(groupsOf(query), inside.entries.get(hit.entry.id)!.phrasings, new Map()));
  });
});
