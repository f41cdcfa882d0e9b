import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KnowledgeDocument } from './schema.js';

/**
 * The full text of the source documents that ship with the product: knowledge/documents/<document id>.txt (the
 * verbatim documents of knowledge/documents.yaml; public municipal documents). Quotes are checked against them
 * (scripts/check-quotes.ts, test/domain/knowledge/document-texts.test.ts) and answering splits them into passages.
 */
export const DEFAULT_DOCUMENTS_DIR = fileURLToPath(new URL('../../../knowledge/documents/', import.meta.url));

/** The path of a document's shipped text. */
export function documentTextPath(id: string, dir: string = DEFAULT_DOCUMENTS_DIR): string {
  return join(dir, id.endsWith('.txt') ? id : `${id}.txt`);
}

/** The shipped text of every verbatim document that has one, by document id. */
export function readDocumentTexts(documents: Iterable<KnowledgeDocument>, dir: string = DEFAULT_DOCUMENTS_DIR): Map<string, string> {
  const out = new Map<string, string>();
  for (const doc of documents) {
    if (!doc.verbatim) continue;
    const path = documentTextPath(doc.id, dir);
    if (existsSync(path)) out.set(doc.id, readFileSync(path, 'utf8'));
  }
  return out;
}

/** Whitespace and line breaks do not count when a quote is compared with its document. */
export const squashWhitespace = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The outcome of comparing every quote of the knowledge base with its document's text. */
export interface QuoteCheck {
  /** Quotes compared with a document text. */
  checked: number;
  /** One line per quote that is not found verbatim, or whose document text is missing. */
  failures: string[];
  /** Verbatim documents that some entry quotes but that have no text. */
  missing: string[];
}

/**
 * Every quote that cites a verbatim document must stand word for word in that document's text (whitespace and line
 * breaks ignored). `texts`: document id -> text (readDocumentTexts, or another folder's).
 */
export function checkQuotes(
  entries: ReadonlyArray<{ id: string; sources: ReadonlyArray<{ doc: string; quote?: string | undefined }> }>,
  documents: ReadonlyMap<string, KnowledgeDocument>,
  texts: ReadonlyMap<string, string>,
): QuoteCheck {
  const squashed = new Map([...texts].map(([id, text]) => [id, squashWhitespace(text)]));
  const failures: string[] = [];
  const missing = new Set<string>();
  let checked = 0;
  for (const entry of entries) {
    for (const source of entry.sources) {
      const doc = documents.get(source.doc);
      if (!doc?.verbatim || !source.quote) continue;
      const text = squashed.get(doc.id);
      if (text === undefined) {
        missing.add(doc.id);
        failures.push(`${entry.id}: document ${doc.id} niet gevonden`);
        continue;
      }
      checked++;
      if (!text.includes(squashWhitespace(source.quote))) failures.push(`${entry.id}: citaat staat niet letterlijk in ${doc.id}: "${source.quote}"`);
    }
  }
  return { checked, failures, missing: [...missing].sort() };
}
