import { describe, expect, it } from 'vitest';
import { checkQuotes, readDocumentTexts } from '../../../src/domain/knowledge/document-texts.js';
import { realKnowledgeBase } from '../../support/kb.js';

/** The quote check of `npm run check:quotes`, on the document texts shipped in knowledge/documents/. */
describe('shipped document texts', () => {
  const kb = realKnowledgeBase();
  const texts = readDocumentTexts(kb.documents.values());

  it('ships the text of every verbatim document of documents.yaml', () => {
    const verbatim = [...kb.documents.values()].filter((d) => d.verbatim).map((d) => d.id);
    expect(verbatim.length).toBe(5);
    for (const id of verbatim) expect(texts.get(id)?.length ?? 0, id).toBeGreaterThan(1000);
  });

  it('holds every quote of the knowledge base word for word (whitespace ignored)', () => {
    const result = checkQuotes(kb.entries, kb.documents, texts);
    expect(result.failures, result.failures.join('\n')).toEqual([]);
    expect(result.missing).toEqual([]);
    expect(result.checked).toBeGreaterThan(300);
  });

  it('reports a quote that is not in its document, and a document without text', () => {
    const doc = [...kb.documents.values()].find((d) => d.verbatim)!;
    const entries = [{ id: 'x', sources: [{ doc: doc.id, quote: 'deze zin staat nergens in het document' }] }];
    expect(checkQuotes(entries, kb.documents, texts).failures).toEqual([`x: citaat staat niet letterlijk in ${doc.id}: "deze zin staat nergens in het document"`]);
    expect(checkQuotes(entries, kb.documents, new Map()).missing).toEqual([doc.id]);
  });
});
