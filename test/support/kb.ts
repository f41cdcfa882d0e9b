import { loadKnowledgeBase, type KnowledgeBase } from '../../src/domain/knowledge/load.js';
import { loadKnowledgeFromDisk } from '../../src/knowledge-files.js';

let cached: KnowledgeBase | undefined;

/** The real, curated knowledge base (loaded once per test file). */
export function realKnowledgeBase(): KnowledgeBase {
  cached ??= loadKnowledgeFromDisk();
  return cached;
}

/** 23 November 2026, noon in Amsterdam: the fixed "today" of the tests. */
export const TODAY = new Date('2026-11-23T12:00:00+01:00');

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
