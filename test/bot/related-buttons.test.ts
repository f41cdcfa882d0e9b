// A related-question button sends its question as the member's message: pressing it must show the entry it was made
// for, not another one, and never "Dat weet ik niet zeker".
import { describe, expect, it } from 'vitest';
import { buttonQuestionFor, renderQaResult } from '../../src/bot/cards.js';
import type { QaResult } from '../../src/domain/answering/types.js';
import { QuestionAnswerer } from '../../src/domain/answering/pipeline.js';
import { loadKnowledgeFromDisk } from '../../src/knowledge-files.js';

const now = (): Date => new Date('2026-11-23T12:00:00+01:00');

describe('related-question buttons', () => {
  const kb = loadKnowledgeFromDisk();
  const qa = new QuestionAnswerer(loadKnowledgeFromDisk(), { now });

  it('a question worded as an entry’s own phrasing is answered by that entry ("Wat vond de BAR van de DVO?")', () => {
    const r = qa.ask('Wat vond de BAR van de DVO?');
    expect(r.kind === 'answer' && r.entry.id).toBe('heumen-bar-advies-dvo');
    expect(r.trace?.decision.by).toBe('phrasing:same');
  });

  it('pressing the button of an entry shows that entry, for at least 95% of the entries that get a button', () => {
    const misses: string[] = [];
    let buttons = 0;
    for (const entry of kb.entries) {
      const question = buttonQuestionFor({ id: entry.id, title: entry.title, question: entry.questions[0]! }, entry);
      if (!question) continue;
      buttons++;
      const r = qa.ask(question);
      if (r.kind !== 'answer' || r.entry.id !== entry.id) misses.push(`${entry.id}: "${question}" -> ${r.kind === 'answer' ? r.entry.id : r.kind}`);
    }
    expect(buttons).toBeGreaterThan(100);
    expect(misses.length / buttons, misses.join('\n')).toBeLessThanOrEqual(0.05);
    // Never a decline for a button the bot itself offered (test/bot/offered-questions.test.ts asks every one back).
    expect(misses.filter((m) => m.endsWith('-> unknown')), misses.join('\n')).toEqual([]);
  });
});

describe('three buttons when there are three to give', () => {
  it('a related entry that makes no button leaves its place to the next suggestion', () => {
    const related = [
      { id: 'a', title: 'De raadscommissie', question: 'x' },
      { id: 'b', title: 'Budget', question: 'Hoeveel geld gaat naar participatiecoaching?' },
      { id: 'c', title: 'Focus', question: 'Welke focusgroepen zijn er?' },
      { id: 'd', title: 'Deadline', question: 'Wanneer moest de BAR advies geven?' },
    ];
    expect(buttonQuestionFor(related[0]!)).toBeUndefined();
    const asked = new QuestionAnswerer(loadKnowledgeFromDisk(), { now }).ask('wat is de deadline voor het BAR-advies?');
    expect(asked.kind).toBe('answer');
    const result: QaResult = { ...asked, related } as QaResult;
    const card = JSON.stringify(renderQaResult(result));
    for (const r of related.slice(1)) expect(card).toContain(r.question);
  });
});
