import { describe, expect, it } from 'vitest';
import { renderQaResult } from '../../../src/bot/cards.js';
import { readDocumentTexts, squashWhitespace } from '../../../src/domain/knowledge/document-texts.js';
import { QuestionAnswerer } from '../../../src/domain/answering/pipeline.js';
import { passagesOf, splitPassages } from '../../../src/domain/answering/passages.js';
import { QUOTED_QUESTION, quotingAnswerer, realKnowledgeBase, TODAY } from '../../support/kb.js';

const kb = realKnowledgeBase();
const texts = readDocumentTexts(kb.documents.values());
const passages = passagesOf(texts);
const qa = new QuestionAnswerer(kb, { now: () => TODAY });

describe('passages of the shipped documents', () => {
  it('splits every document into paragraph-sized passages with a location', () => {
    for (const id of texts.keys()) expect(passages.filter((p) => p.doc === id).length, id).toBeGreaterThanOrEqual(10);
    for (const p of passages) {
      expect(p.text.length).toBeGreaterThanOrEqual(60);
      expect(p.text.length).toBeLessThanOrEqual(900);
      expect(p.location).toMatch(/^alinea \d+/);
    }
    expect(new Set(passages.map((p) => p.id)).size).toBe(passages.length);
  });

  it('keeps every passage verbatim: it stands in its document as written (whitespace ignored)', () => {
    for (const p of passages) expect(squashWhitespace(texts.get(p.doc)!).includes(p.text), p.id).toBe(true);
  });

  it('joins lines broken by the extraction into one paragraph and puts it under its heading', () => {
    const split = splitPassages('d', 'Inleiding:\n\nHet adviesorgaan dankt het college voor het toesturen\n\nvan de beslisnota over de DVO 2026-2027 en de bijlagen.\n\nGeacht college,\n\n## Vervolg\n\nNa vaststelling leggen we het college de definitieve DVO ter ondertekening voor, in het voorjaar.');
    expect(split.map((p) => [p.location, p.text])).toEqual([
      ['alinea 1, onder "Inleiding"', 'Het adviesorgaan dankt het college voor het toesturen van de beslisnota over de DVO 2026-2027 en de bijlagen.'],
      ['alinea 2, onder "Vervolg"', 'Na vaststelling leggen we het college de definitieve DVO ter ondertekening voor, in het voorjaar.'],
    ]);
  });

  it('is indexed once, in its own index', () => {
    expect(qa.passages.size).toBe(passages.length);
    expect(qa.entryCount).toBe(kb.entries.length);
  });
});

describe('quoting a passage when no curated entry answers', () => {
  const qa = quotingAnswerer(kb);
  it('quotes a passage verbatim, labelled with the document and its date, not as a curated answer', () => {
    const r = qa.askOrQuote(QUOTED_QUESTION);
    expect(r.kind).toBe('passage');
    if (r.kind !== 'passage') return;
    expect(r.label).toBe('In Advies Adviesraad Sociaal Domein Druten over de nota Arbeidsmarkt- en Re-integratiebeleid 2020 t/m 2023 (2019) staat:');
    expect(squashWhitespace(texts.get(r.passage.doc)!)).toContain(r.passage.text);
    expect(r.passage.text).toContain('Leerwerkloket');
    expect(r.trace?.decision.outcome).toBe('passage');
    expect(r.confidence).toBeGreaterThanOrEqual(0.5);
    // ask() itself stays with the curated entries.
    expect(qa.ask(QUOTED_QUESTION).kind).toBe('unknown');
  });

  it('keeps an honest "weet ik niet" for questions the documents do not answer', () => {
    for (const q of ['wat is de hoofdstad van Peru?', 'hoeveel inwoners heeft Wijchen?', 'wie is de wethouder van Druten?', 'wat kost een parkeervergunning in Nijmegen?']) {
      const r = qa.askOrQuote(q);
      expect(r.kind, q).toBe('unknown');
    }
  });

  it('prefers a curated answer whenever one answers', () => {
    expect(qa.askOrQuote('wat is de deadline voor het BAR-advies?').kind).toBe('answer');
  });

  it('does not quote a passage of another municipality than the one asked about', () => {
    const r = qa.askOrQuote('Met welk loket wil Heumen de verbinding van het WerkBedrijf intensiveren?');
    expect(r.kind).toBe('unknown');
  });

  it('never quotes without a passage model or without document texts', () => {
    const q = QUOTED_QUESTION;
    expect(new QuestionAnswerer(kb, { now: () => TODAY, passageModel: null }).askOrQuote(q).kind).toBe('unknown');
    expect(new QuestionAnswerer(kb, { now: () => TODAY, passages: null }).askOrQuote(q).kind).toBe('unknown');
    expect(new QuestionAnswerer(kb, { now: () => TODAY, passages: null }).passages.size).toBe(0);
  });

  it('renders a passage on the answer card as a quote with the document, date and location', () => {
    const r = qa.respond(QUOTED_QUESTION);
    expect(r.kind).toBe('passage');
    if (r.kind !== 'passage') return;
    const card = JSON.stringify(renderQaResult(r));
    expect(card).toContain('In Advies Adviesraad Sociaal Domein Druten');
    expect(card).toContain(`“${r.passage.text}”`);
    expect(card).toContain(r.passage.location.replace(/"/g, '\\"'));
  });
});

