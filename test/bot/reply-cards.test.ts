// The cards of replies the answer cache keeps are rendered once per reply (ReplyCards): a member must see exactly the
// card renderQaResult draws, also after the knowledge or the date changed. And a question turn asks every feature
// whether it is one of its commands: a feature that has nothing to do says so at once, without a promise.
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { renderQaResult, ReplyCards, MAX_CARDS_PER_REPLY, type AdaptiveCard } from '../../src/bot/cards.js';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { CachedQuestionAnswerer } from '../../src/domain/answering/answer-cache.js';
import type { Reply } from '../../src/domain/answering/types.js';
import { loadKnowledgeFromDisk } from '../../src/knowledge-files.js';
import { FakeClock } from '../support/clock.js';
import { loadGolden } from '../support/golden.js';
import { TEAMS_DOCUMENT, teamsEntry, TODAY } from '../support/kb.js';
import { memoryLogger } from '../support/logs.js';

const golden = loadGolden();
const questions = [...golden.answerable.map((a) => a.q), ...golden.unanswerable, 'welke deadlines komen eraan?'];

type Carded = Exclude<Reply, { kind: 'conversation' }>;
const carded = (r: Reply): Carded => {
  if (r.kind === 'conversation') throw new Error('no card for small talk');
  return r;
};

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

const document = TEAMS_DOCUMENT;
const entry = teamsEntry;

/** The real base behind an answer cache, and the card renderer over it, as the bot has them. */
function setup(now: () => Date = () => TODAY, cacheEntries = 100) {
  const kb = loadKnowledgeFromDisk();
  const qa = new CachedQuestionAnswerer(kb, { now, cacheEntries });
  const entryOf = (id: string) => kb.byId.get(id);
  return { kb, qa, entryOf, cards: new ReplyCards(entryOf) };
}

describe('ReplyCards', () => {
  it('draws for every golden question the card renderQaResult draws, the first time and from the cache', () => {
    const { qa, entryOf, cards } = setup(() => TODAY, 1000);
    for (const q of questions) {
      const extra = { question: q, ...(qa.respond(q).kind === 'unknown' ? { questionId: 'abc123def456' } : {}) };
      for (let round = 0; round < 3; round++) {
        const reply = carded(qa.respond(q));
        expect(cards.render(reply, extra), q).toEqual(renderQaResult(reply, { ...extra, entryOf }));
      }
    }
  });

  it('keeps one card per reply and typed question, frozen, and draws the card again for another question or question id', () => {
    const { kb, qa, cards } = setup();
    const answer = carded(qa.respond('wat is de deadline voor het BAR-advies?'));
    expect(answer.kind).toBe('answer');
    const card = cards.render(answer, { question: 'wat is de deadline voor het BAR-advies?' });
    expect(cards.render(answer, { question: 'wat is de deadline voor het BAR-advies?' })).toBe(card);
    expect(isDeepFrozen(card)).toBe(true);
    // The same reply for a question typed otherwise (the answer cache normalises spacing): the card carries the
    // question as typed (in the feedback buttons), so it is its own.
    const other = cards.render(answer, { question: 'wat is de deadline voor het BAR-advies ?' });
    expect(other).not.toBe(card);
    expect(JSON.stringify(other)).toContain('wat is de deadline voor het BAR-advies ?');

    const unknown = carded(qa.respond('wat is de hoofdstad van Peru?'));
    expect(unknown.kind).toBe('unknown');
    const kept = cards.render(unknown, { question: 'wat is de hoofdstad van Peru?', questionId: 'aaaaaaaaaaaa' });
    const notKept = cards.render(unknown, { question: 'wat is de hoofdstad van Peru?' });
    expect(JSON.stringify(kept)).toContain('aaaaaaaaaaaa');
    expect(notKept).toEqual(renderQaResult(unknown, { question: 'wat is de hoofdstad van Peru?', entryOf: (id) => kb.byId.get(id) }));
    expect(cards.render(unknown, { question: 'wat is de hoofdstad van Peru?', questionId: 'aaaaaaaaaaaa' })).toBe(kept);
  });

  it('keeps at most MAX_CARDS_PER_REPLY cards per reply, and still draws the right one beyond that', () => {
    const { kb, qa, cards } = setup();
    const answer = carded(qa.respond('welke focusgroepen zijn er?'));
    const typed = Array.from({ length: MAX_CARDS_PER_REPLY + 3 }, (_, i) => `welke focusgroepen zijn er?${'!'.repeat(i)}`);
    for (const question of typed) expect(JSON.stringify(cards.render(answer, { question }))).toContain(JSON.stringify(question).slice(1, -1));
    for (const question of typed) expect(cards.render(answer, { question })).toEqual(renderQaResult(answer, { question, entryOf: (id) => kb.byId.get(id) }));
  });

  it('draws the card anew when the knowledge changes', () => {
    const { qa, entryOf, cards } = setup();
    const q = 'Wanneer komt de verordening Wmo-hulpmiddelen?';
    const render = (): AdaptiveCard => cards.render(carded(qa.respond(q)), { question: q });
    qa.syncDynamicEntries('teams-', [{ entry: entry('In het eerste kwartaal van 2027.'), document }]);
    // The reply computed on a miss is another object than the one the answer cache keeps (without the trace's
    // candidates): its card is drawn once more, the first time the kept reply is asked.
    render();
    const first = render();
    expect(JSON.stringify(first)).toContain('In het eerste kwartaal van 2027.');
    expect(render()).toBe(first);
    qa.upsert([{ entry: entry('In het tweede kwartaal van 2027.'), document }]);
    const second = render();
    expect(JSON.stringify(second)).toContain('In het tweede kwartaal van 2027.');
    expect(JSON.stringify(second)).not.toContain('In het eerste kwartaal van 2027.');
    expect(second).toEqual(renderQaResult(carded(qa.respond(q)), { question: q, entryOf }));
  });

  it('draws the card anew when the date changes, with the new number of days', () => {
    const clock = new FakeClock(TODAY);
    const { qa, entryOf, cards } = setup(clock.now);
    const q = 'wat is de deadline voor het BAR-advies?';
    const today = cards.render(carded(qa.respond(q)), { question: q });
    clock.advance(24 * 3600_000);
    const tomorrow = cards.render(carded(qa.respond(q)), { question: q });
    expect(tomorrow).not.toEqual(today);
    expect(tomorrow).toEqual(renderQaResult(carded(qa.respond(q)), { question: q, entryOf }));
  });

  it('keeps no card of the list of coming deadlines, which the answer cache does not keep either', () => {
    const { qa, cards } = setup();
    const upcoming = carded(qa.respond('welke deadlines komen eraan?'));
    expect(upcoming.kind).toBe('upcoming');
    const card = cards.render(upcoming, { question: 'welke deadlines komen eraan?' });
    const again = cards.render(upcoming, { question: 'welke deadlines komen eraan?' });
    expect(again).not.toBe(card);
    expect(again).toEqual(card);
    expect(Object.isFrozen(card)).toBe(false);
  });
});

describe('a question turn', () => {
  function setup() {
    const c = compose(loadConfig({ STORAGE: 'memory' }), memoryLogger('silent').logger, {
      kb: loadKnowledgeFromDisk(),
      now: () => TODAY,
      organisers: { isOrganiser: async () => true },
      sender: { send: async () => undefined },
    });
    return { c, adapter: new TestAdapter(async (context) => c.bot.run(context)) };
  }
  const contextFor = (adapter: TestAdapter, text: string, extra: Partial<Activity> = {}): TurnContext =>
    new TurnContext(adapter, {
      type: 'message',
      text,
      channelId: 'msteams',
      from: { id: 'lid', name: 'Lid', aadObjectId: 'aad-lid' },
      recipient: { id: 'bot', name: 'Adviesbot' },
      conversation: { id: 'a:lid', conversationType: 'personal', isGroup: false, name: '' },
      serviceUrl: 'https://smba.example.net/',
      ...extra,
    } as Activity);

  it('asks each feature whether the question is one of its commands, and each says no at once, without a promise', () => {
    const { c, adapter } = setup();
    const context = contextFor(adapter, 'wat is de deadline voor het BAR-advies?');
    for (const feature of [c.drafts, c.curation, c.documents, c.deadlines]) expect(feature.command(context, 'wat is de deadline voor het BAR-advies?')).toBeUndefined();
    expect(c.drafts.threadMessage(context)).toBe(false);
    expect(c.documents.attachments(context)).toBe(false);
  });

  it('still answers each feature’s own commands', async () => {
    const { c, adapter } = setup();
    const context = contextFor(adapter, 'x');
    const commands: Array<[{ command: (context: TurnContext, text: string) => unknown }, string, RegExp]> = [
      [c.drafts, 'reacties', /gevolgd door het nummer/],
      [c.drafts, 'deeladvies', /"type":"AdaptiveCard"/],
      [c.drafts, 'reacties 9.9', /geen deeladvies 9\.9/],
      [c.curation, 'kennisbank-overzicht', /./],
      [c.curation, 'export kennisbank', /nog geen antwoorden/],
      [c.documents, 'documenten', /"type":"AdaptiveCard"/],
      [c.documents, 'document wijzigen 0123456789ab', /Geef wat er moet veranderen/],
      [c.deadlines, 'nieuwe deadline', /"type":"AdaptiveCard"/],
      [c.deadlines, 'deadlines', /"type":"AdaptiveCard"/],
    ];
    for (const [feature, text, expected] of commands) {
      const pending = feature.command(context, text);
      expect(pending, text).toBeInstanceOf(Promise);
      expect(JSON.stringify(await pending), text).toMatch(expected);
    }
  });

  it('gives a member asking the same question twice the same card, and the card of the first turn is not changed by the second', async () => {
    const { adapter } = setup();
    const cards: unknown[] = [];
    for (let i = 0; i < 2; i++) {
      await adapter.send('wat is de deadline voor het BAR-advies?').assertReply((activity) => {
        cards.push(activity.attachments?.[0]?.content);
      });
    }
    expect(cards[1]).toEqual(cards[0]);
    expect(JSON.stringify(cards[0])).toContain('1 oktober 2025');
  });
});
