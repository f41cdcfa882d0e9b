import { describe, expect, it } from 'vitest';
import { KnowledgeError, loadKnowledgeBase } from '../../../src/domain/knowledge/load.js';
import { DOCUMENTS_YAML, LEXICON_YAML, realKnowledgeBase } from '../../support/kb.js';

const entry = (extra = ''): string => `entries:
  - id: test-entry
    title: Een testonderwerp
    topics: [test]
    questions: [Wat is de test?, Hoe werkt de test?]
    answer: Dit is een antwoord dat lang genoeg is.
    sources:
      - doc: doc-a.txt
        quote: een letterlijk citaat uit het document
${extra}`;

function problemsOf(files: Array<{ name: string; text: string }>): string {
  try {
    loadKnowledgeBase(files);
  } catch (error) {
    expect(error).toBeInstanceOf(KnowledgeError);
    return (error as Error).message;
  }
  throw new Error('verwacht een KnowledgeError');
}

const base = [
  { name: 'documents.yaml', text: DOCUMENTS_YAML },
  { name: 'lexicon.yaml', text: LEXICON_YAML },
];

describe('knowledge base loading', () => {
  it('loads the curated knowledge base with every entry valid and every source known', () => {
    const kb = realKnowledgeBase();
    expect(kb.entries.length).toBeGreaterThanOrEqual(100);
    for (const e of kb.entries) {
      expect(e.sources.length).toBeGreaterThan(0);
      for (const s of e.sources) expect(kb.documents.has(s.doc)).toBe(true);
    }
  });

  it('covers the glossary terms the domain primer lists', () => {
    const kb = realKnowledgeBase();
    const titles = kb.entries.map((e) => `${e.title} ${e.topics.join(' ')}`.toLowerCase()).join('\n');
    for (const term of ['dvo', 'mgr', 'werkbedrijf', 'zienswijze', 'wensen en bedenkingen', 'deeladvies', 'focusgroep', 'lokale keuzes', 'participatiecoach', 'statushouder', 'nieuw beschut', 'wsw', 'maatwerkbudget']) {
      expect(titles, term).toContain(term);
    }
  });

  it('names file, entry and field for a missing field', () => {
    const text = entry().replace('    answer: Dit is een antwoord dat lang genoeg is.\n', '');
    expect(problemsOf([...base, { name: 'kapot.yaml', text }])).toMatch(/kapot\.yaml, entry "test-entry", veld "answer"/);
  });

  it('names the field of an impossible date', () => {
    const text = entry(`    event:
      body: BAR
      kind: advies
      subject: Advies
      date: 2025-02-30
      precision: day
      status: afgerond
`);
    expect(problemsOf([...base, { name: 'kapot.yaml', text }])).toMatch(/kapot\.yaml, entry "test-entry", veld "event\.date": is geen bestaande datum/);
  });

  it('names the field of a source that cites an unknown document', () => {
    const text = entry().replace('doc: doc-a.txt', 'doc: bestaat-niet.txt');
    expect(problemsOf([...base, { name: 'kapot.yaml', text }])).toMatch(/veld "sources\.0\.doc": onbekend document "bestaat-niet\.txt"/);
  });

  it('rejects a date that does not fit its precision, an unknown field and a duplicate id', () => {
    const text = `${entry(`    event: { body: BAR, kind: advies, subject: Advies, date: 2025-10, precision: day, status: open }
    extra: 1`)}`;
    const message = problemsOf([
      ...base,
      { name: 'een.yaml', text },
      { name: 'twee.yaml', text: entry() },
    ]);
    expect(message).toMatch(/veld "event\.date": past niet bij precisie "day"/);
    expect(message).toMatch(/extra/);
  });

  it('reports a duplicate id across files', () => {
    const message = problemsOf([...base, { name: 'een.yaml', text: entry() }, { name: 'twee.yaml', text: entry() }]);
    expect(message).toMatch(/twee\.yaml, entry "test-entry", veld "id": bestaat al in een\.yaml/);
  });

  it('reports broken YAML with the file name', () => {
    expect(problemsOf([...base, { name: 'stuk.yaml', text: 'entries: [\n  - id: x' }])).toMatch(/stuk\.yaml: geen geldige YAML/);
  });

  it('requires a verbatim quote for a seed document source', () => {
    const text = entry().replace('        quote: een letterlijk citaat uit het document\n', '');
    expect(problemsOf([...base, { name: 'x.yaml', text }])).toMatch(/veld "sources\.0\.quote"/);
  });
});
