import { describe, expect, it } from 'vitest';
import { QuestionAnswerer } from '../../../src/domain/answering/pipeline.js';
import { miniKnowledgeBase, TODAY } from '../../support/kb.js';

// An entry is found by the words of the document it cites as well as by its own: a member may ask in the
// document's words where the curated answer says it in other words.
const kb = miniKnowledgeBase(`entries:
  - id: taal-rekenen
    title: Achterstanden in taal en rekenen
    topics: [taal, rekenen, scholing]
    municipality: Druten
    questions: [Wat wil de nota doen aan achterstanden in taal en rekenen?, Hoe pakt de nota taal en rekenen aan?]
    answer: De nota wil achterstanden in taal en rekenen wegwerken door beter samen te werken met een regionaal loket.
    sources: [{ doc: doc-a.txt, quote: "willen we de verbinding tussen Werkbedrijf en het regionaal Leerwerkloket intensiveren" }]
  - id: heumen-coaching
    title: Geld voor participatiecoaching in Heumen
    topics: [participatiecoaching, budget]
    municipality: Heumen
    questions: [Hoeveel geld gaat naar participatiecoaching?, Wat kost participatiecoaching?]
    answer: Heumen besteedt €81.000 aan participatiecoaching.
    sources: [{ doc: doc-a.txt, quote: "€81.000 van het participatiebudget" }]
`);

describe('the words of the cited documents', () => {
  const qa = new QuestionAnswerer(kb, { now: () => TODAY, model: null, passageModel: null });

  it('find the entry that cites them, weighed less than its own words', () => {
    expect(qa.retriever.search('wie wil de verbinding intensiveren')[0]?.entry.id).toBe('taal-rekenen');
    const own = qa.retriever.search('achterstanden taal rekenen loket')[0]!;
    const cited = qa.retriever.search('verbinding intensiveren')[0]!;
    expect(own.entry.id).toBe('taal-rekenen');
    expect(cited.coverage).toBeLessThan(own.coverage);
  });
});
