import { loadKnowledgeBase, type KnowledgeBase } from '../../src/domain/knowledge/load.js';
import type { KnowledgeDocument, KnowledgeEntry } from '../../src/domain/knowledge/schema.js';
import { loadKnowledgeFromDisk } from '../../src/knowledge-files.js';
import { QuestionAnswerer } from '../../src/domain/answering/pipeline.js';
import { WEIGHTS } from '../../src/domain/answering/weights.js';

let cached: KnowledgeBase | undefined;

/** The real, curated knowledge base (loaded once per test file). */
export function realKnowledgeBase(): KnowledgeBase {
  cached ??= loadKnowledgeFromDisk();
  return cached;
}

/** The document of an entry added in Teams (a curated answer), for tests of the answer cache and its cards. */
export const TEAMS_DOCUMENT: KnowledgeDocument = { id: 'teams-wmo-bron', title: 'Secretariaat', author: 'Secretaris', date: '2026-11-20', verbatim: false };
/** An entry added in Teams, with `answer` as its answer. */
export const teamsEntry = (answer: string): KnowledgeEntry => ({
  id: 'teams-wmo-hulpmiddelen-abc123',
  title: 'Wanneer komt de verordening Wmo-hulpmiddelen?',
  topics: ['wmo-hulpmiddelen', 'toegevoegd in teams'],
  questions: ['Wanneer komt de verordening Wmo-hulpmiddelen?', 'Wat is de planning van de verordening Wmo-hulpmiddelen?'],
  answer,
  sources: [{ doc: TEAMS_DOCUMENT.id }],
  related: [],
});

/** 23 November 2026, noon in Amsterdam: the fixed "today" of the tests. */
export const TODAY = new Date('2026-11-23T12:00:00+01:00');

/**
 * The question the quote tests ask: the documents answer it (the Leerwerkloket) and no curated entry is sure
 * enough of it.
 */
export const QUOTED_QUESTION = 'Met welk loket wil men volgens de nota de verbinding van het WerkBedrijf intensiveren?';

/**
 * The answerer on the real base with the shipped passage model, its threshold at most 0.7: every refit moves the
 * shipped threshold (0.71-0.80 so far), and the quote tests are about what happens once a passage is sure enough,
 * not about where the fit put the line. Held to the lower line, the "weet ik niet" tests are stricter, not looser.
 */
export function quotingAnswerer(kb: KnowledgeBase = realKnowledgeBase()): QuestionAnswerer {
  const shipped = WEIGHTS.passageModel!;
  return new QuestionAnswerer(kb, { now: () => TODAY, passageModel: { ...shipped, threshold: Math.min(shipped.threshold, 0.7) } });
}

export const DOCUMENTS_YAML = `documents:
  - id: doc-a.txt
    title: Testdocument A over de DVO
    author: Adviesraad Test
    date: 2025-08-27
    verbatim: true
  - id: extern
    title: Externe bron
    author: Rijksoverheid
    date: 2022
`;

export const LEXICON_YAML = `synonyms:
  - [bar, burgeradviesraad]
  - [budget, geld, bedrag, euro]
  - [vastgesteld, besloten, besloot, besluit]
forms:
  adviezen: advies
stopwords: []
actions: [vastgesteld]
`;

/** A small knowledge base written inline, for tests that must not depend on curated content. */
export function miniKnowledgeBase(entriesYaml: string): KnowledgeBase {
  return loadKnowledgeBase([
    { name: 'documents.yaml', text: DOCUMENTS_YAML },
    { name: 'lexicon.yaml', text: LEXICON_YAML },
    { name: 'test.yaml', text: entriesYaml },
  ]);
}
