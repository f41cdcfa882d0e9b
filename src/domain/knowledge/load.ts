import type { z } from 'zod';
import {
  documentsFileSchema,
  knowledgeFileSchema,
  lexiconFileSchema,
  type KnowledgeDocument,
  type KnowledgeEntry,
  type Lexicon,
} from './schema.js';
import { defaultLexicon } from '../answering/language.js';
import { yaml } from './yaml-cache.js';

export interface SourceFile {
  /** File name relative to the knowledge folder, for messages. */
  name: string;
  text: string;
  /** The text already parsed as YAML (from a cache of earlier parses of the same text); parsed here otherwise. */
  parsed?: unknown;
}

export interface KnowledgeBase {
  entries: KnowledgeEntry[];
  documents: Map<string, KnowledgeDocument>;
  lexicon: Lexicon;
  byId: Map<string, KnowledgeEntry>;
}

/** One problem in the knowledge files, located as precisely as possible. */
export interface KnowledgeProblem {
  file: string;
  entry?: string;
  field?: string;
  message: string;
}

export class KnowledgeError extends Error {
  readonly code = 'KNOWLEDGE_INVALID';
  constructor(readonly problems: KnowledgeProblem[]) {
    super(
      `De kennisbank is ongeldig (${problems.length} ${problems.length === 1 ? 'fout' : 'fouten'}):\n` +
        problems
          .map(
            (p) =>
              `- ${p.file}${p.entry ? `, entry "${p.entry}"` : ''}${p.field ? `, veld "${p.field}"` : ''}: ${p.message}`,
          )
          .join('\n'),
    );
    this.name = 'KnowledgeError';
  }
}

export const DOCUMENTS_FILE = 'documents.yaml';
export const LEXICON_FILE = 'lexicon.yaml';

function parseFile<T>(
  file: SourceFile,
  schema: z.ZodType<T>,
  problems: KnowledgeProblem[],
): T | undefined {
  let raw: unknown = file.parsed;
  try {
    raw ??= yaml().parse(file.text, { prettyErrors: true });
  } catch (error) {
    const message = error instanceof yaml().YAMLParseError ? error.message : String(error);
    problems.push({ file: file.name, message: `geen geldige YAML: ${message}` });
    return undefined;
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = issue.path.map(String);
    let entry: string | undefined;
    let field: string | undefined;
    if ((path[0] === 'entries' || path[0] === 'documents') && path[1] !== undefined) {
      const list = (raw as Record<string, unknown[]>)[path[0]];
      const item = Array.isArray(list) ? list[Number(path[1])] : undefined;
      const id = item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
      entry = typeof id === 'string' ? id : `#${Number(path[1]) + 1}`;
      field = path.slice(2).join('.') || undefined;
    } else {
      field = path.join('.') || undefined;
    }
    problems.push({ file: file.name, entry, field, message: issue.message });
  }
  return undefined;
}

/**
 * Parses and cross-checks every knowledge file. Throws a KnowledgeError naming file, entry and field
 * for each problem; a bot with a broken knowledge base must not start.
 */
export function loadKnowledgeBase(files: SourceFile[]): KnowledgeBase {
  const problems: KnowledgeProblem[] = [];
  const documentsFile = files.find((f) => f.name === DOCUMENTS_FILE);
  const lexiconFile = files.find((f) => f.name === LEXICON_FILE);
  if (!documentsFile) problems.push({ file: DOCUMENTS_FILE, message: 'bestand ontbreekt' });

  const documents = new Map<string, KnowledgeDocument>();
  const docs = documentsFile && parseFile(documentsFile, documentsFileSchema, problems);
  for (const doc of docs?.documents ?? []) {
    if (documents.has(doc.id)) {
      problems.push({ file: DOCUMENTS_FILE, entry: doc.id, field: 'id', message: 'komt twee keer voor' });
    }
    documents.set(doc.id, doc);
  }
  // The shipped lexicon is language data (knowledge/nl/lexicon.yaml); a lexicon.yaml among the files replaces it
  // (small knowledge bases in tests).
  const lexicon = lexiconFile ? (parseFile(lexiconFile, lexiconFileSchema, problems) ?? defaultLexicon()) : defaultLexicon();

  const entries: KnowledgeEntry[] = [];
  const origin = new Map<string, string>();
  for (const file of files) {
    if (file === documentsFile || file === lexiconFile) continue;
    const parsed = parseFile(file, knowledgeFileSchema, problems);
    for (const entry of parsed?.entries ?? []) {
      const seen = origin.get(entry.id);
      if (seen) {
        problems.push({ file: file.name, entry: entry.id, field: 'id', message: `bestaat al in ${seen}` });
        continue;
      }
      origin.set(entry.id, file.name);
      entries.push(entry);
    }
  }

  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const entry of entries) {
    const file = origin.get(entry.id) ?? '?';
    entry.sources.forEach((source, i) => {
      if (!documents.has(source.doc)) {
        problems.push({
          file,
          entry: entry.id,
          field: `sources.${i}.doc`,
          message: `onbekend document "${source.doc}" (niet in ${DOCUMENTS_FILE})`,
        });
      } else if (documents.get(source.doc)?.verbatim && !source.quote) {
        problems.push({
          file,
          entry: entry.id,
          field: `sources.${i}.quote`,
          message: 'een bron uit een brondocument heeft een letterlijk citaat nodig',
        });
      }
    });
    entry.related.forEach((id, i) => {
      if (!byId.has(id) || id === entry.id) {
        problems.push({
          file,
          entry: entry.id,
          field: `related.${i}`,
          message: `verwijst naar onbekende entry "${id}"`,
        });
      }
    });
  }

  if (problems.length > 0) throw new KnowledgeError(problems);
  return { entries, documents, lexicon, byId };
}
