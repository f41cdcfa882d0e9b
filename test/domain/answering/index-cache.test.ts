import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analysisKey, indexesWithCache } from '../../../src/domain/answering/index-cache.js';
import { QuestionAnswerer } from '../../../src/domain/answering/pipeline.js';
import { readDocumentTexts } from '../../../src/domain/knowledge/document-texts.js';
import { loadKnowledgeFromDisk } from '../../../src/knowledge-files.js';
import { loadGolden } from '../../support/golden.js';

/** Everything the two indexes hold, in their order (private fields read for the comparison). */
function contents(qa: Pick<QuestionAnswerer, 'retriever' | 'passages'>): string {
  type Index = { toJSON(): unknown };
  const r = qa.retriever as unknown as { index: Index; df: Map<string, number>; entries: Map<string, { key: Set<string>; answer: Set<string>; phrasings: Array<Map<string, string[]>> }>; analyzer: { vocabularyWords(): string[] } };
  const p = qa.passages as unknown as { index: Index; df: Map<string, number>; byId: Map<string, { passage: unknown; terms: Set<string> }> };
  return JSON.stringify({
    retriever: { index: r.index.toJSON(), df: [...r.df], entries: [...r.entries].map(([id, e]) => [id, [...e.key], [...e.answer], e.phrasings.map((m) => [...m])]), vocabulary: r.analyzer.vocabularyWords() },
    passages: { index: p.index.toJSON(), df: [...p.df], byId: [...p.byId].map(([id, e]) => [id, e.passage, [...e.terms]]) },
  });
}

describe('index cache', () => {
  const now = () => new Date('2026-12-02T10:00:00Z');
  const golden = loadGolden();
  const questions = [...golden.answerable.map((a) => a.q), ...golden.unanswerable, 'wanmeer is de deadlien voor het bar advies', 'wleke focusgroepen zijn er in wychen?'];

  it('builds the same indexes from a kept analysis as from the texts, and answers the same', () => {
    const dir = mkdtempSync(join(tmpdir(), 'adviesbot-index-cache-test-'));
    const plain = new QuestionAnswerer(loadKnowledgeFromDisk(), { now });
    const first = new QuestionAnswerer(loadKnowledgeFromDisk(), { now, indexCacheDir: dir });
    expect(readdirSync(dir).filter((f) => f.startsWith('index-analysis-'))).toHaveLength(1);
    const second = new QuestionAnswerer(loadKnowledgeFromDisk(), { now, indexCacheDir: dir });
    const expected = contents(plain);
    expect(contents(first)).toBe(expected);
    expect(contents(second)).toBe(expected);
    for (const q of questions) expect(second.respond(q), q).toEqual(plain.respond(q));
  });

  it('names the kept analysis after the knowledge, so another base never uses it', () => {
    const kb = loadKnowledgeFromDisk();
    const texts = readDocumentTexts(kb.documents.values());
    const changed = { ...kb, entries: kb.entries.map((e, i) => (i === 0 ? { ...e, answer: `${e.answer} Extra.` } : e)) };
    expect(analysisKey(changed, texts)).not.toBe(analysisKey(kb, texts));
    const otherTexts = new Map([...texts].map(([id, text], i) => [id, i === 0 ? `${text} Extra.` : text]));
    expect(analysisKey(kb, otherTexts)).not.toBe(analysisKey(kb, texts));
  });

  it('reads an analysis kept at build (dist/kept) when its own folder has none, and writes nothing there', () => {
    const built = mkdtempSync(join(tmpdir(), 'adviesbot-index-built-test-'));
    const own = mkdtempSync(join(tmpdir(), 'adviesbot-index-cache-test-'));
    const kb = loadKnowledgeFromDisk();
    const texts = readDocumentTexts(kb.documents.values());
    indexesWithCache(kb, texts, built, []);
    expect(readdirSync(built)).toHaveLength(1);
    const fromBuilt = indexesWithCache(loadKnowledgeFromDisk(), texts, own, [built]);
    expect(readdirSync(own)).toEqual([]);
    expect(contents(fromBuilt)).toBe(contents(new QuestionAnswerer(loadKnowledgeFromDisk(), { now })));
    // Other knowledge than the build's: analysed and kept in its own folder.
    const changed = { ...kb, entries: kb.entries.map((e, i) => (i === 0 ? { ...e, answer: `${e.answer} Extra.` } : e)) };
    indexesWithCache(changed, texts, own, [built]);
    expect(readdirSync(own)).toHaveLength(1);
  });

  it('builds from the texts when the kept file cannot be read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'adviesbot-index-cache-test-'));
    const kb = loadKnowledgeFromDisk();
    writeFileSync(join(dir, `index-analysis-${analysisKey(kb, readDocumentTexts(kb.documents.values()))}.json`), '{ half a fi');
    const qa = new QuestionAnswerer(kb, { now, indexCacheDir: dir });
    expect(contents(qa)).toBe(contents(new QuestionAnswerer(loadKnowledgeFromDisk(), { now })));
  });
});
