import { validateCard } from '../support/card-schema.js';
import { describe, expect, it } from 'vitest';
import { renderQaResult } from '../../src/bot/cards.js';
import { QUOTED_QUESTION, quotingAnswerer } from '../support/kb.js';

const validate = validateCard;

describe('the card of a quoted passage', () => {
  const result = quotingAnswerer().respond(QUOTED_QUESTION);

  it('is a valid Adaptive Card 1.5 with the label as title and the passage as a quote', () => {
    expect(result.kind).toBe('passage');
    if (result.kind !== 'passage') return;
    const card = renderQaResult(result);
    expect(validate(card), JSON.stringify(validate.errors)).toBe(true);
    const body = card.body as Array<{ text?: string }>;
    expect(body[0]!.text).toBe(result.label);
    expect(body[1]!.text).toBe(`“${result.passage.text}”`);
    expect(String(card.fallbackText)).toContain(result.passage.location);
  });
});

describe('markup in a document', () => {
  it('shows a quote without the tags its document has (Nijmegen’s table: <b>Behandeldatum</b>)', async () => {
    const { QuestionAnswerer } = await import('../../src/domain/answering/pipeline.js');
    const { loadKnowledgeFromDisk } = await import('../../src/knowledge-files.js');
    const kb = loadKnowledgeFromDisk();
    const withTags = kb.entries.filter((e) => e.sources.some((s) => /<b>/.test(s.quote ?? '')));
    expect(withTags.length).toBeGreaterThan(0);
    const qa = new QuestionAnswerer(loadKnowledgeFromDisk(), { now: () => new Date('2026-11-23T12:00:00+01:00') });
    for (const entry of withTags) {
      const r = qa.ask(entry.questions[0]!);
      expect(r.kind === 'answer' && r.entry.id, entry.questions[0]).toBe(entry.id);
      const card = JSON.stringify(renderQaResult(r));
      expect(card).not.toMatch(/<\/?b>/);
      expect(card).toContain('Behandeldatum');
    }
  });
});
