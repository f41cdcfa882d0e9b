import { describe, expect, it } from 'vitest';
import { AnswerCache, CachedQuestionAnswerer } from '../../../src/domain/answering/answer-cache.js';
import { QuestionAnswerer } from '../../../src/domain/knowledge/qa.js';
import type { Reply } from '../../../src/domain/answering/types.js';
import { loadKnowledgeFromDisk } from '../../../src/knowledge-files.js';
import { FakeClock } from '../../support/clock.js';
import { loadGolden } from '../../support/golden.js';
import { realKnowledgeBase, TEAMS_DOCUMENT, teamsEntry, TODAY } from '../../support/kb.js';

const golden = loadGolden();
const questions = [...golden.answerable.map((a) => a.q), ...golden.unanswerable, 'dank je', '5', 'welke deadlines komen eraan?'];

const reply = (kind: string, text: string): Reply => ({ kind: 'conversation', act: 'unclear', text: `${kind}:${text}` }) as Reply;

const document = TEAMS_DOCUMENT;
const entry = teamsEntry;

describe('AnswerCache', () => {
  it('keeps at most maxEntries replies and drops the one asked longest ago', () => {
    const cache = new AnswerCache(3, () => TODAY);
    let computed = 0;
    const ask = (q: string): Reply => cache.reply(q, () => (computed++, reply('r', q)));
    const a = ask('a');
    ask('b');
    ask('c');
    expect(ask('a')).toBe(a); // asked again: now the most recent
    ask('d'); // b goes
    expect(cache.size).toBe(3);
    expect(computed).toBe(4);
    expect(ask('a')).toBe(a);
    ask('b');
    expect(computed).toBe(5);
  });

  it('tells apart what a reply may show: case and words count, spacing does not', () => {
    const cache = new AnswerCache(10, () => TODAY);
    const first = cache.reply('wat is de BAR?', () => reply('r', 'BAR'));
    expect(cache.reply('  wat is de\u00a0BAR? ', () => reply('r', 'other'))).toBe(first);
    expect(cache.reply('wat is de bar?', () => reply('r', 'bar'))).not.toBe(first);
  });

  it('forgets everything when the date changes in Amsterdam, not at midnight UTC', () => {
    const clock = new FakeClock('2026-11-23T22:30:00Z'); // 23:30 in Amsterdam
    const cache = new AnswerCache(10, clock.now);
    const first = cache.reply('q', () => reply('r', 'day 1'));
    clock.set('2026-11-23T22:50:00Z');
    expect(cache.reply('q', () => reply('r', 'later'))).toBe(first);
    clock.set('2026-11-23T23:10:00Z'); // 00:10 on 24 November in Amsterdam
    const second = cache.reply('q', () => reply('r', 'day 2'));
    expect(second).not.toBe(first);
    // Summer time (UTC+2): the day ends at 22:00 UTC; and a clock set back finds the old day's replies gone.
    clock.set('2027-07-01T21:59:59Z');
    const summer = cache.reply('q', () => reply('r', 'summer'));
    expect(cache.reply('q', () => reply('r', 'again'))).toBe(summer);
    clock.set('2027-07-01T22:00:00Z');
    expect(cache.reply('q', () => reply('r', 'next day'))).not.toBe(summer);
    clock.set('2026-11-24T08:00:00Z');
    expect(cache.reply('q', () => reply('r', 'back'))).not.toBe(second);
  });

  it('never keeps the list of coming deadlines, and keeps nothing with maxEntries 0', () => {
    const cache = new AnswerCache(10, () => TODAY);
    cache.reply('welke deadlines komen eraan?', () => ({ kind: 'upcoming', items: [], today: '23 november 2026' }));
    expect(cache.size).toBe(0);
    const none = new AnswerCache(0, () => TODAY);
    none.reply('q', () => reply('r', 'q'));
    expect(none.size).toBe(0);
  });
});

describe('CachedQuestionAnswerer', () => {
  it('replies to every golden question exactly as the answerer without a cache, the first time and from the cache (less the candidates of the trace)', () => {
    const plain = new QuestionAnswerer(realKnowledgeBase(), { now: () => TODAY });
    const cached = new CachedQuestionAnswerer(loadKnowledgeFromDisk(), { now: () => TODAY, cacheEntries: 1000 });
    for (const q of questions) {
      const expected = plain.respond(q);
      expect(cached.respond(q), q).toEqual(expected);
      // What a member sees is the same; the trace keeps its decision but not the candidates (npm run explain asks afresh).
      const again = cached.respond(q);
      expect(again, q).toEqual('trace' in expected && expected.trace ? { ...expected, trace: { ...expected.trace, candidates: [] } } : expected);
    }
    expect(cached.cache.size).toBe(questions.length - 1); // all but the list of coming deadlines
  });

  it('says the new number of days the next day', () => {
    const clock = new FakeClock(TODAY);
    const cached = new CachedQuestionAnswerer(realKnowledgeBase(), { now: clock.now, cacheEntries: 10 });
    const q = 'wat is de deadline voor het BAR-advies?';
    const today = cached.respond(q);
    clock.advance(24 * 3600_000);
    const tomorrow = cached.respond(q);
    expect(tomorrow).toEqual(new QuestionAnswerer(realKnowledgeBase(), { now: clock.now }).respond(q));
    expect(tomorrow.kind === 'answer' && tomorrow.date?.relative).not.toBe(today.kind === 'answer' && today.date?.relative);
  });

  it('answers from an entry added, changed or removed in Teams at once, and keeps its replies when a reload changes nothing', () => {
    const cached = new CachedQuestionAnswerer(loadKnowledgeFromDisk(), { now: () => TODAY, cacheEntries: 100 });
    const q = 'Wanneer komt de verordening Wmo-hulpmiddelen?';
    const text = (r: Reply): string => (r.kind === 'answer' ? r.answer : r.kind);
    const before = text(cached.respond(q));
    cached.syncDynamicEntries('teams-', [{ entry: entry('In het eerste kwartaal van 2027.'), document }]);
    expect(text(cached.respond(q))).toBe('In het eerste kwartaal van 2027.');
    cached.respond('wat is de BAR?');
    const size = cached.cache.size;
    cached.syncDynamicEntries('teams-', [{ entry: entry('In het eerste kwartaal van 2027.'), document }]);
    expect(cached.cache.size).toBe(size);
    cached.upsert([{ entry: entry('In het tweede kwartaal van 2027.'), document }]);
    expect(text(cached.respond(q))).toBe('In het tweede kwartaal van 2027.');
    cached.syncDynamicEntries('teams-', []);
    expect(text(cached.respond(q))).toBe(before);
  });
});
