import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KnowledgeBase } from '../knowledge/load.js';
import { BUILT_DIR, keepFile, readKept } from '../knowledge/yaml-cache.js';
import { PassageIndex, passagesOf, type Passage, type PassageAnalysis } from './passages.js';
import { Retriever, type IndexAnalysis } from './retrieve.js';

/**
 * The analysis that building the indexes makes of the base's entries (retrieve.ts IndexAnalysis) and of the passages
 * of its documents (passages.ts), kept in a file between starts: a start with the same knowledge then skips
 * splitting the documents and analysing every text again (at a cold start the larger part of building the
 * answerer). The file is named by a hash of everything the analysis depends on: the entries, the lexicon and the
 * documents' texts, the code and data of answering (every file beside this one, weights.json, knowledge/nl/*.yaml)
 * and the stemmer and stop-word libraries. Any change gives another name, so a kept analysis is never used for other knowledge or code;
 * the indexes built from it are those built from the texts (the same terms fed to MiniSearch in the same order,
 * test/domain/answering/index-cache.test.ts). Reading or writing the file may fail (a read-only disk): the index is
 * then built as without it.
 */
const FORMAT = 1;
/** How many analyses stay in the folder. */
const KEEP = 4;

const here = fileURLToPath(new URL('./', import.meta.url));
const languageDir = fileURLToPath(new URL('../../../knowledge/nl/', import.meta.url));

let codeHash: string | undefined;

/** A hash of the code and data the analysis depends on, computed once per process. */
function codeFingerprint(): string {
  if (codeHash) return codeHash;
  const hash = createHash('sha256');
  const files = [
    ...readdirSync(here).filter((f) => /\.(js|ts|json)$/.test(f)).sort().map((f) => join(here, f)),
    ...readdirSync(languageDir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(languageDir, f)),
  ];
  const require = createRequire(import.meta.url);
  for (const library of ['@orama/stemmers/dutch', 'stopwords-iso']) files.push(require.resolve(library));
  for (const file of files) hash.update(file.slice(file.lastIndexOf('/'))).update(readFileSync(file));
  codeHash = hash.digest('hex');
  return codeHash;
}

/** What is kept: the analysis of the entries (retrieve.ts) and the passages of the documents with theirs (passages.ts). */
interface Kept {
  retriever: IndexAnalysis;
  passages: { list: Passage[]; analysis: PassageAnalysis };
}

export function analysisKey(kb: KnowledgeBase, documentTexts: Map<string, string>): string {
  return createHash('sha256')
    .update(`${FORMAT}\n${codeFingerprint()}\n`)
    .update(JSON.stringify({ entries: kb.entries, lexicon: kb.lexicon, documents: [...documentTexts] }))
    .digest('hex')
    .slice(0, 32);
}

/**
 * The retriever of the base's entries and the index of its documents' passages, their analysis read from `dir` when
 * kept there for the same knowledge and code, else from one of `built` (what `npm run build` kept beside the
 * compiled code, never written here), else made and kept in `dir`.
 */
export function indexesWithCache(kb: KnowledgeBase, documentTexts: Map<string, string>, dir: string, built: readonly string[] = [BUILT_DIR]): { retriever: Retriever; passages: PassageIndex } {
  let name: string | undefined;
  let kept: Kept | undefined;
  try {
    name = `index-analysis-${analysisKey(kb, documentTexts)}.json`;
    const text = readKept(name, [dir, ...built]);
    kept = text === undefined ? undefined : (JSON.parse(text) as Kept);
  } catch {
    kept = undefined;
  }
  if (kept) {
    const retriever = new Retriever(kb.entries, kb.lexicon, { analysis: kept.retriever });
    return { retriever, passages: new PassageIndex(kept.passages.list, retriever.analyzer, kb.documents, { analysis: kept.passages.analysis }) };
  }
  const file = name === undefined ? undefined : join(dir, name);
  let entries: IndexAnalysis | undefined;
  let passageAnalysis: PassageAnalysis | undefined;
  const retriever = new Retriever(kb.entries, kb.lexicon, { save: (made) => (entries = made) });
  const list = passagesOf(documentTexts);
  const passages = new PassageIndex(list, retriever.analyzer, kb.documents, { save: (made) => (passageAnalysis = made) });
  if (file && entries && passageAnalysis) keep(dir, file, { retriever: entries, passages: { list, analysis: passageAnalysis } });
  return { retriever, passages };
}

function keep(dir: string, file: string, kept: Kept): void {
  // Not kept (a read-only disk): the next start analyses the texts again.
  if (!keepFile(dir, file, JSON.stringify(kept))) return;
  // The four analyses written last stay (the compiled bot and the tests under tsx have different code, so each its
  // own); older ones go.
  try {
    const others = readdirSync(dir)
      .filter((f) => f.startsWith('index-analysis-') && f.endsWith('.json'))
      .map((f) => ({ path: join(dir, f), at: statSync(join(dir, f)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const { path } of others.slice(KEEP)) if (path !== file) rmSync(path, { force: true });
  } catch {
    // Another process removed one meanwhile: the next write tidies up.
  }
}
