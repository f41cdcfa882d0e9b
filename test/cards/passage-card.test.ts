import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { renderQaResult } from '../../src/bot/cards.js';
import { QuestionAnswerer } from '../../src/domain/answering/pipeline.js';
import { realKnowledgeBase, TODAY } from '../support/kb.js';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(new URL('../fixtures/adaptive-card-1.5.0.json', import.meta.url), 'utf8'));
schema.$id = schema.id;
delete schema.id;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
const validate = ajv.compile(schema);

describe('the card of a quoted passage', () => {
  const qa = new QuestionAnswerer(realKnowledgeBase(), { now: () => TODAY });
  const result = qa.respond("Wat vond Druten vreemd aan de 'zeer welkome ontwikkeling' die in hoofdstuk 2 wordt genoemd?");

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
