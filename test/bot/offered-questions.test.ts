// A question the bot offers as a button (help and welcome examples, related questions beside an answer, near topics
// after "weet ik niet") is sent back as the member's message when pressed: it must always get an answer. "Wat
// betekent t.z.t?" (the abbreviation's last full stop lost when the button was tidied) was answered "weet ik niet".
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { Adviesbot } from '../../src/bot/adviesbot.js';
import { buttonQuestionFor, HELP_EXAMPLES } from '../../src/bot/cards.js';
import { buttonQuestion } from '../../src/domain/answering/compose.js';
import { deadlineAsKnowledge, REGISTER_ENTRY_PREFIX } from '../../src/domain/deadlines/as-knowledge.js';
import type { Deadline } from '../../src/domain/deadlines/deadline.js';
import { QuestionAnswerer } from '../../src/domain/knowledge/qa.js';
import { loadKnowledgeFromDisk } from '../../src/knowledge-files.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
import { realKnowledgeBase, TODAY } from '../support/kb.js';
import { memoryLogger } from '../support/logs.js';
import { SAMPLE_DEADLINE } from '../support/sample-deadline.js';

type Action = { type?: string; title?: string; data?: { msteams?: { type?: string; value?: string } } };
type Card = { actions?: Action[]; body?: unknown[] };
const cardOf = (activity: Partial<Activity>): Card => activity.attachments?.[0]?.content as Card;
const DECLINED = /Dat weet ik niet zeker/;

/** The questions on a card's imBack buttons, wherever they stand (the help card has them in its body). */
function offered(card: Card): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const a = node as Action;
      if (a.type === 'Action.Submit' && a.data?.msteams?.type === 'imBack' && a.data.msteams.value) out.push(a.data.msteams.value);
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return out;
}

function setup() {
  const kb = realKnowledgeBase();
  const qa = new QuestionAnswerer(kb, { now: () => TODAY });
  const bot = new Adviesbot({ qa, store: new MemoryStore(), documents: kb.documents.size, logger: memoryLogger('silent').logger, questionsPerMinute: 10_000 });
  return new TestAdapter(async (context) => bot.run(context));
}

async function reply(adapter: TestAdapter, text: string): Promise<Partial<Activity>> {
  let out: Partial<Activity> = {};
  await adapter.send({ type: ActivityTypes.Message, text }).assertReply((a) => {
    out = a;
  });
  return out;
}

describe('every question the bot offers gets an answer', () => {
  it('pressing the buttons of the help card, and the buttons of the cards they bring, never gives "weet ik niet"', async () => {
    const adapter = setup();
    const help = cardOf(await reply(adapter, 'help'));
    const queue = offered(help);
    expect(queue.length).toBeGreaterThanOrEqual(HELP_EXAMPLES.length);
    // Also the near topics after a decline for a year the knowledge base does not cover.
    queue.push(...offered(cardOf(await reply(adapter, 'wat is het budget voor participatiecoaching in 2031'))));
    const seen = new Set<string>();
    const declined: string[] = [];
    // Two presses deep: the help examples, then every related question beside their answers.
    for (let depth = 0; depth < 2; depth++) {
      const next: string[] = [];
      for (const question of queue.splice(0)) {
        if (seen.has(question)) continue;
        seen.add(question);
        const answer = await reply(adapter, question);
        if (DECLINED.test(JSON.stringify(answer.attachments?.[0]?.content ?? answer.text))) declined.push(question);
        else next.push(...offered(cardOf(answer)));
      }
      queue.push(...next);
    }
    expect(seen.size).toBeGreaterThan(10);
    expect(declined).toEqual([]);
  });

  it('the button of every entry and of deadlines added in Teams, asked back, is answered', () => {
    const kb = loadKnowledgeFromDisk();
    const qa = new QuestionAnswerer(kb, { now: () => TODAY });
    const deadlines: Deadline[] = [
      SAMPLE_DEADLINE,
      { ...SAMPLE_DEADLINE, id: 'z1', title: 'Zienswijze DVO: reactie Beuningen', kind: 'zienswijze' },
      { ...SAMPLE_DEADLINE, id: 'z2', title: 'Begroting MGR 2027', kind: 'zienswijze', body: 'gemeenteraad' },
      { ...SAMPLE_DEADLINE, id: 'w1', title: 'Wensen en bedenkingen Wmo', kind: 'wensen en bedenkingen', body: 'gemeenteraad' },
      { ...SAMPLE_DEADLINE, id: 'r1', title: 'Reactie op het advies jeugd', kind: 'reactie', body: 'college' },
      { ...SAMPLE_DEADLINE, id: 'v1', title: 'Vergadering adviesraad januari', kind: 'vergadering' },
    ];
    qa.syncDynamicEntries(REGISTER_ENTRY_PREFIX, deadlines.map((d) => deadlineAsKnowledge(d, TODAY)));
    const declined: string[] = [];
    let buttons = 0;
    for (const entry of kb.byId.values()) {
      // As compose picks an entry's question and the card tidies it into a button.
      const question = buttonQuestionFor({ id: entry.id, title: entry.title, question: buttonQuestion(entry) }, entry);
      if (!question) continue;
      buttons++;
      if (qa.ask(question).kind === 'unknown') declined.push(`${entry.id}: "${question}"`);
    }
    expect(buttons).toBeGreaterThan(100);
    expect(declined).toEqual([]);
    expect(buttonQuestionFor({ id: 'begrip-afkortingen-in-de-stukken', title: 'x', question: 'Wat betekent t.z.t.?' })).toBe('Wat betekent t.z.t.?');
  });
});

describe('"weet ik niet" for a year the knowledge base does not cover', () => {
  it('offers the topics the question names for the years it does cover', async () => {
    const adapter = setup();
    const card = cardOf(await reply(adapter, 'wat is het budget voor participatiecoaching in 2031'));
    expect(JSON.stringify(card)).toMatch(DECLINED);
    expect(offered(card)).toContain('Hoeveel geld gaat naar participatiecoaching?');
    const focus = cardOf(await reply(adapter, 'hoeveel focusgroepen zijn er in 2031'));
    expect(JSON.stringify(focus)).toMatch(DECLINED);
    expect(offered(focus)).toContain('Welke focusgroepen zijn er?');
  });

  it('offers nothing when, apart from the year, the question matches no topic well', async () => {
    const adapter = setup();
    const card = cardOf(await reply(adapter, 'wat is de hoofdstad van Peru in 2031?'));
    expect(JSON.stringify(card)).toMatch(DECLINED);
    expect(offered(card)).toEqual([]);
  });
});
