import { validateCard } from '../support/card-schema.js';
import { describe, expect, it } from 'vitest';
import { renderQaResult } from '../../src/bot/cards.js';
import { QuestionAnswerer } from '../../src/domain/answering/pipeline.js';
import { realKnowledgeBase, TODAY } from '../support/kb.js';

const validate = validateCard;

describe('the card of a quoted passage', () => {
  const qa = new QuestionAnswerer(realKnowledgeBase(), { now: () => TODAY });
  const result = qa.respond('Wat bestaat volgens Druten al tientallen jaren en is dus helemaal geen nieuwe ontwikkeling?');

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
