import { describe, expect, it } from 'vitest';
import { answerFromDocuments } from '../../../src/domain/documents/answer.js';
import { DocumentStore } from '../../../src/domain/documents/document-store.js';
import { PassageIndex } from '../../../src/domain/documents/passage-index.js';
import { QuestionAnswerer } from '../../../src/domain/knowledge/qa.js';
import { MemoryStore } from '../../../src/storage/memory-storage.js';
import { realKnowledgeBase } from '../../support/kb.js';

const NOW = new Date('2026-12-02T10:00:00+01:00');
const qa = new QuestionAnswerer(realKnowledgeBase(), { now: () => NOW });
const terms = (text: string): string[] => qa.retriever.analyzer.indexTerms(text);
const ORGANISER = { id: 'org-1', name: 'Sanne Secretaris' };

const TOPICS = ['scootmobiel', 'huishoudelijke hulp', 'jeugdhulp', 'mantelzorg', 'dagbesteding'];
const PLACES = ['Wijchen', 'Heumen', 'Druten'];

/** Twelve notes of very similar text (the words every passage has are the hard case for the search); "notitie" is only in their titles. */
async function corpus(): Promise<PassageIndex> {
  const documents = new DocumentStore(new MemoryStore(), () => NOW);
  for (let seed = 0; seed < 12; seed++) {
    const topic = TOPICS[seed % TOPICS.length]!;
    const place = PLACES[seed % PLACES.length]!;
    const paragraphs = Array.from(
      { length: 8 },
      (_, i) => `Over ${topic} in ${place}: het college stelt voor de regeling voor ${topic} aan te passen, met een budget van ${1000 + seed * 37 + i} euro per jaar. De adviesraad wordt gevraagd te adviseren over ${i % 2 ? 'de wachttijd' : 'de eigen bijdrage'} bij wijkteam ${seed}${i}.`,
    );
    await documents.add({ bytes: Buffer.from(paragraphs.join('\n\n')), fileName: `notitie-${seed}.txt`, title: `Notitie ${topic} ${place} ${seed}`, addedBy: ORGANISER });
  }
  const index = new PassageIndex(terms);
  await index.sync(documents);
  return index;
}

const QUESTIONS = [
  'Wat is het budget voor scootmobiel in Wijchen?',
  'Hoe heet de adviesraad van Druten?',
  'Wat is de wachttijd bij wijkteam 21 voor jeugdhulp?',
  'Hoe hoog is de eigen bijdrage voor mantelzorg in Heumen?',
  'notitie dagbesteding',
  'Wat vindt de wethouder van voetbal?',
  'adviesraad budget regeling college',
];

describe('PassageIndex search', () => {
  it('with a minimum finds exactly the passages of the full search that reach it, in the same order', async () => {
    const index = await corpus();
    for (const question of QUESTIONS) {
      const full = index.search(question, 10_000);
      for (const min of [0.3, 0.6, 0.8]) {
        const expected = full.filter((f) => f.confidence >= min).slice(0, 4);
        expect(index.search(question, 4, { minConfidence: min }).map((f) => f.passage.id), `${question} at ${min}`).toEqual(expected.map((f) => f.passage.id));
      }
    }
  });

  it('ranks the passage that covers the question first, also among near copies', async () => {
    const index = await corpus();
    const [best] = index.search('Wat is de wachttijd bij wijkteam 21 voor jeugdhulp?', 4);
    expect(best?.passage.text).toContain('wijkteam 21.');
    expect(best?.passage.text).toContain('de wachttijd');
    const answer = answerFromDocuments({ kind: 'unknown' }, 'Hoe hoog is het budget voor scootmobiel in Wijchen, 1000 euro?', index);
    expect(answer?.passage.text).toContain('budget van 1000 euro');
  });

  it('gives a title word half its weight, and answers nothing from a title alone', async () => {
    const index = await corpus();
    const [hit] = index.search('notitie dagbesteding', 4);
    // "notitie" stands only in the titles; "dagbesteding" (three terms: the compound and its parts) in the passages too.
    expect(hit?.document.title).toMatch(/^Notitie dagbesteding/);
    expect(hit?.matched).toBe(3);
    expect(hit?.confidence).toBeGreaterThan(0.5);
    expect(hit?.confidence).toBeLessThan(1);
    expect(answerFromDocuments({ kind: 'unknown' }, 'notitie dagbesteding', index)).toBeUndefined();
  });

  it('declines a question whose informative words stand in no document', async () => {
    const index = await corpus();
    expect(index.search('Wat vindt de wethouder van voetbal?', 4, { minConfidence: 0.8 })).toEqual([]);
    expect(answerFromDocuments({ kind: 'unknown' }, 'Wat vindt de wethouder van voetbal?', index)).toBeUndefined();
  });
});
