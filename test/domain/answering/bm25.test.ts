import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { topSearch, type TopSearchOptions } from '../../../src/domain/answering/bm25.js';
import { rng } from '../../../bench/synthetic.js';

const FIELDS = ['questions', 'title', 'topics', 'meta', 'answer'] as const;
type Doc = Record<(typeof FIELDS)[number] | 'id', string>;

/** Words with shared prefixes and near-misses, so that prefix and fuzzy matching find several variants. */
const STEMS = ['advies', 'adviesraad', 'adviezen', 'wijchen', 'wijch', 'budget', 'budgetten', 'deadline', 'deadlines', 'focusgroep', 'focusgroepen', 'dvo', 'bar', 'raad', 'college', 'collegevoorstel', 'zienswijze', 'zienswijzen', '2026', '1.2'];

function corpus(random: () => number, n: number): Doc[] {
  const word = (): string => (random() < 0.7 ? STEMS[Math.floor(random() * STEMS.length)]! : `${STEMS[Math.floor(random() * STEMS.length)]!}x${Math.floor(random() * 30).toString(36)}`);
  const text = (max: number): string => Array.from({ length: Math.floor(random() * max) }, word).join(' ');
  return Array.from({ length: n }, (_, i) => ({ id: `e${i}`, questions: text(12), title: text(6), topics: text(3), meta: random() < 0.5 ? '' : text(5), answer: text(30) }));
}

function indexOf(docs: Doc[]): MiniSearch<Doc> {
  const index = new MiniSearch<Doc>({
    fields: [...FIELDS],
    storeFields: [],
    tokenize: (text) => text.split(' ').filter(Boolean),
    processTerm: (term) => term,
    searchOptions: { tokenize: (text) => text.split(' ').filter(Boolean) },
  });
  index.addAll(docs);
  return index;
}

function queries(random: () => number, n: number): Array<{ text: string; options: TopSearchOptions }> {
  const known = new Set(STEMS);
  return Array.from({ length: n }, () => {
    const terms = Array.from({ length: 1 + Math.floor(random() * 5) }, () => {
      const w = STEMS[Math.floor(random() * STEMS.length)]!;
      const r = random();
      // A typo, a prefix or a word no document has, besides the words as they are.
      return r < 0.15 ? `${w.slice(0, -1)}q` : r < 0.25 ? w.slice(0, Math.max(2, w.length - 2)) : r < 0.3 ? 'onbekendwoord' : w;
    });
    const boosts = new Map(terms.map((t) => [t, random() < 0.3 ? Math.round(random() * 20) / 10 : 1]));
    const options: TopSearchOptions = {
      ...(random() < 0.3 ? { fields: ['questions', 'title', 'topics'] } : {}),
      boost: { questions: 2, title: 2, topics: 1.5, meta: 1.5, answer: 1 },
      boostTerm: (term) => boosts.get(term) ?? 1,
      fuzzy: (term) => (term.length >= 5 && !known.has(term) && !/\d/.test(term) ? 0.25 : false),
      prefix: (term) => term.length >= 4 && !known.has(term),
      weights: { fuzzy: 0.5, prefix: 0.6 },
      maxFuzzy: 2,
    };
    return { text: terms.join(' '), options };
  });
}

const expected = (index: MiniSearch<Doc>, text: string, options: TopSearchOptions, limit: number): Array<{ id: string; score: number }> =>
  index
    .search(text, options)
    .slice(0, limit)
    .map((r) => ({ id: r.id as string, score: r.score }));

describe('topSearch', () => {
  it("gives MiniSearch's best results, the same ids and scores in the same order", () => {
    const random = rng(7);
    const index = indexOf(corpus(random, 600));
    let compared = 0;
    for (const { text, options } of queries(random, 400)) {
      for (const limit of [1, 10, 50, 1000]) {
        const got = topSearch(index, text, options, limit);
        expect(got, text).toBeDefined();
        // Exactly equal numbers, not close ones: the answers depend on the ranking and the scores.
        expect(got, `${text} (limit ${limit})`).toEqual(expected(index, text, options, limit));
        compared++;
      }
      // Asked twice: the kept postings give the same.
      expect(topSearch(index, text, options, 10)).toEqual(expected(index, text, options, 10));
    }
    expect(compared).toBe(1600);
  });

  it('keeps ties in the order MiniSearch does', () => {
    // Documents that are the same score the same: MiniSearch's stable sort keeps them in the order first matched.
    const docs = Array.from({ length: 40 }, (_, i) => ({ id: `d${i}`, questions: i % 2 ? 'advies wijchen' : 'wijchen advies', title: 'dvo', topics: '', meta: '', answer: i % 3 ? 'budget' : '' }));
    const index = indexOf(docs);
    for (const text of ['advies', 'wijchen budget', 'budget wijchen advies', 'dvo dvo advies']) {
      for (const limit of [3, 10, 40]) expect(topSearch(index, text, {}, limit), text).toEqual(expected(index, text, {}, limit));
    }
  });

  it('with discarded documents, scores and cleans up the index as MiniSearch does, and follows added ones', async () => {
    const random = rng(11);
    // Words repeated within a field, so that MiniSearch's clean-up lowers a term frequency before it drops a posting.
    const docs = corpus(random, 300).map((doc, i) => (i % 4 === 0 ? { ...doc, answer: `${doc.answer} ${doc.answer}`, title: `${doc.title} ${doc.title}` } : doc));
    const theirs = indexOf(docs);
    const ours = indexOf(docs);
    const qs = queries(random, 60);
    const same = (limit: number): void => {
      for (const { text, options } of qs) {
        const got = topSearch(ours, text, options, limit);
        expect(got, text).toBeDefined();
        expect(got, text).toEqual(expected(theirs, text, options, limit));
      }
      // The same postings removed: the two indexes are still alike.
      expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
    };
    same(10);
    for (const id of ['e3', 'e150', 'e4', 'e8', 'e299']) {
      theirs.discard(id);
      ours.discard(id);
    }
    expect(theirs.dirtCount).toBe(5);
    // Asked several times: each time MiniSearch has cleaned up more, and scores with the counts left.
    same(10);
    same(3);
    same(10);
    // Entries replaced (discarded and added again) and new ones, as the bot's upsert does.
    const changed = corpus(rng(12), 30).map((d, i) => ({ ...d, id: i < 10 ? `e${20 + i}` : `new-${d.id}` }));
    for (const d of changed.slice(0, 10)) {
      theirs.discard(d.id);
      ours.discard(d.id);
    }
    theirs.addAll(changed);
    ours.addAll(changed);
    same(10);
    await Promise.all([theirs.vacuum(), ours.vacuum()]);
    expect(ours.dirtCount).toBe(0);
    same(10);
    same(50);
  });

  it('gives nothing for an empty query', () => {
    const index = indexOf(corpus(rng(3), 20));
    expect(topSearch(index, '', {}, 10)).toEqual([]);
    expect(topSearch(index, 'nergens', {}, 10)).toEqual(expected(index, 'nergens', {}, 10));
  });
});
