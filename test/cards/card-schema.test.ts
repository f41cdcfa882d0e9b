import { readdirSync } from 'node:fs';
import { validateCard } from '../support/card-schema.js';
import { describe, expect, it } from 'vitest';
import { BUTTON_FIT, buttonQuestionFor, CARDS_DIR, renderHelp, renderQaResult, separateLists, titleWithoutDate } from '../../src/bot/cards.js';
import { renderReminder } from '../../src/bot/deadline-cards.js';
import { deadlineQuestions } from '../../src/domain/deadlines/as-knowledge.js';
import { realKnowledgeBase } from '../support/kb.js';
import { deadline, qa, samples } from '../support/card-samples.js';

const validate = validateCard;

function walk(node: unknown, visit: (el: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    Object.values(node).forEach((v) => walk(v, visit));
  }
}

describe('Adaptive Cards', () => {
  it('every template in cards/ is rendered by a test sample', () => {
    const templates = readdirSync(CARDS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace('.json', ''));
    const rendered = new Set(['answer', 'unknown', 'upcoming', 'help', 'deadline-form', 'deadline', 'deadline-list', 'draft-form', 'draft', 'draft-comments', 'draft-export', 'draft-posted', 'curation-question']);
    expect(templates.filter((t) => !rendered.has(t))).toEqual([]);
  });

  it('the schema check rejects a broken card', () => {
    expect(validate({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock' }] })).toBe(false);
    expect(validate({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Bestaatniet', text: 'x' }] })).toBe(false);
  });

  it.each(Object.entries(samples))('%s validates against the Adaptive Card 1.5 schema', (_name, card) => {
    const ok = validate(card);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each(Object.entries(samples))('%s is version 1.5, Dutch, with a fallback text and no unexpanded template', (_name, card) => {
    expect(card.version).toBe('1.5');
    expect(card.lang).toBe('nl');
    expect(String(card.fallbackText).length).toBeGreaterThan(10);
    const json = JSON.stringify(card);
    expect(json).not.toContain('${');
    walk(card, (el) => {
      if (el.type === 'Image') expect(el.altText, 'altText op afbeelding').toBeTruthy();
      if (el.type === 'TextBlock') expect(String(el.text).trim().length).toBeGreaterThan(0);
      if (typeof el.type === 'string' && el.type.startsWith('Action.')) expect(String(el.title).length).toBeGreaterThan(0);
    });
  });

  it('puts a blank line around lists so Teams does not pull the next paragraph into the last item', () => {
    expect(separateLists('Vier groepen:\n- jongeren\n- ouderen\nDe vijfde is onbekend.')).toBe('Vier groepen:\n\n- jongeren\n- ouderen\n\nDe vijfde is onbekend.');
  });

  it('does not carry meaning by colour alone', () => {
    for (const card of Object.values(samples)) {
      walk(card, (el) => {
        // Warnings in colour also carry a sign and words.
        if (el.color && el.color !== 'Default') expect(String(el.text)).toMatch(/⚠ \S+/);
      });
    }
  });

  it('turns "- 1. ..." into a numbered list, not a bullet with a number', () => {
    expect(separateLists('Drie besluitpunten:\n- 1. Geen zienswijze.\n- 2. De brief vaststellen.\nDaarna volgt het DB.')).toBe(
      'Drie besluitpunten:\n\n1. Geen zienswijze.\n2. De brief vaststellen.\n\nDaarna volgt het DB.',
    );
    const card = renderQaResult(qa.ask('Welke besluiten staan in het Nijmeegse collegevoorstel?')) as unknown as { body: Array<{ text?: string }> };
    const answer = card.body[1]!.text!;
    expect(answer).toMatch(/^1\. /m);
    expect(answer).not.toMatch(/^- \d+\. /m);
  });

  it('says a date once: a title without the quarter shown beside it, and "vandaag" without the time again', () => {
    expect(titleWithoutDate('Ervaringen ophalen en dagdelen 2027 beoordelen, vierde kwartaal 2026 (Nijmegen)', 'het vierde kwartaal van 2026')).toBe(
      'Ervaringen ophalen en dagdelen 2027 beoordelen (Nijmegen)',
    );
    expect(titleWithoutDate('Lokale keuzes voor 2027 nog aanpassen in het vierde kwartaal van 2026 (Nijmegen)', 'het vierde kwartaal van 2026')).toBe('Lokale keuzes voor 2027 nog aanpassen (Nijmegen)');
    const upcoming = JSON.stringify(renderQaResult(qa.ask('welke deadlines komen eraan?')));
    expect(upcoming).not.toMatch(/vierde kwartaal (van )?2026[^"]*"[^"]*"[^"]*vierde kwartaal/);
    const today = JSON.stringify(
      renderReminder({ deadline, reminder: { deadlineId: deadline.id, conversationId: 'c1', slot: 'd0', daysBefore: 0, at: '2026-12-16T08:00:00.000Z', snooze: false }, daysLeft: 0, late: false }, new Date('2026-12-16T09:00:00+01:00')),
    );
    expect(today).toContain('Vandaag brengt de adviesraad het advies uit, uiterlijk om 17:00.');
    expect(today).toContain('{"title":"Uiterlijk","value":"16 december 2026 om 17:00"}');
    // The sentence says "vandaag"; a "Nog: vandaag" fact would say it again.
    expect(today).not.toContain('"title":"Nog"');
    expect(today).not.toContain('vandaag, om');
    expect(today).not.toContain('vandaag om');
    // Due today: "Herinner me morgen" would remind after it has passed, so the reminder offers only the other buttons.
    expect(today).not.toContain('Herinner me morgen');
    expect(today).toContain('Markeer als ingediend');
    expect(JSON.stringify(samples.reminder)).toContain('Herinner me morgen');
  });

  it('puts the example buttons of the help card right under "tik op een vraag", each fitting on a button', () => {
    const help = renderHelp({ entries: 156, documents: 8 }) as unknown as { body: Array<{ type: string; text?: string; actions?: Array<{ title: string }> }>; actions?: unknown[] };
    const i = help.body.findIndex((el) => el.text?.startsWith('Je kunt bijvoorbeeld vragen'));
    expect(help.body[i + 1]!.type).toBe('ActionSet');
    expect(help.body[i + 1]!.actions!.length).toBeGreaterThanOrEqual(4);
    for (const a of help.body[i + 1]!.actions!) expect(a.title.length).toBeLessThanOrEqual(BUTTON_FIT);
    expect(help.actions ?? []).toEqual([]);
  });

  it('counts the knowledge base, answers added in Teams and deadlines apart on the help card', () => {
    expect(JSON.stringify(renderHelp({ entries: 156, documents: 8 }))).toContain('Kennisbank: 156 onderwerpen uit 8 documenten.');
    expect(JSON.stringify(renderHelp({ entries: 156, documents: 8, curated: 1, deadlines: 2 }))).toContain(
      'Kennisbank: 156 onderwerpen uit 8 documenten; daarnaast 1 antwoord toegevoegd in Teams en 2 deadlines in het register.',
    );
  });

  it('gives every related-question button a short, well-formed Dutch question that fits', () => {
    const kb = realKnowledgeBase();
    const titles = new Set<string>();
    for (const entry of kb.entries) {
      const card = renderQaResult(qa.ask(entry.questions[0]!), { entryOf: (id) => kb.byId.get(id) }) as unknown as { actions?: Array<{ title: string; data?: { msteams?: { value?: string } } }> };
      for (const a of card.actions ?? []) {
        if (!a.data?.msteams) continue;
        titles.add(a.title);
        expect(a.title.length, a.title).toBeLessThanOrEqual(BUTTON_FIT);
        expect(a.title, a.title).toMatch(/^[A-Z][^:]*\?$/);
        expect(a.data.msteams.value).toBe(a.title);
      }
    }
    expect(titles.size).toBeGreaterThan(40);
    for (const raw of ['besluitpunten nijmegen dvo?', 'bar basisdienstverlening?']) expect([...titles]).not.toContain(raw);
    expect(buttonQuestionFor({ id: 'nijmegen-drie-besluitpunten', title: 'De drie besluitpunten', question: 'besluitpunten nijmegen dvo?' })).toBeUndefined();
    // A deadline added in Teams: its title is quoted in a natural question, never "Wanneer is Zienswijze DVO: ...?".
    // A deadline added in Teams: the natural question built from its kind and subject, else its title quoted.
    const questions = deadlineQuestions({ title: 'Zienswijze DVO: reactie Beuningen', kind: 'zienswijze', body: 'adviesraad' });
    expect(buttonQuestionFor({ id: 'register-z', title: 'Zienswijze DVO: reactie Beuningen', question: questions[0]! }, { title: 'Zienswijze DVO: reactie Beuningen', questions })).toBe(questions[0]);
    expect(questions[0]).toMatch(/^Wanneer [^:]*Beuningen[^:]*\?$/);
    expect(buttonQuestionFor({ id: 'register-x', title: 'Reactie Beuningen', question: 'Reactie Beuningen: wanneer?' })).toBe('Wat is de deadline voor “Reactie Beuningen”?');
    expect(buttonQuestionFor({ id: 'register-y', title: 'Zienswijze DVO: reactie Beuningen', question: 'Wanneer is Zienswijze DVO: reactie Beuningen?' })).toBeUndefined();
  });
});
