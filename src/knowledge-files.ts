import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { loadKnowledgeBase, type KnowledgeBase, type SourceFile } from './domain/knowledge/load.js';

/** The curated knowledge folder that ships with the repository. */
export const DEFAULT_KNOWLEDGE_DIR = fileURLToPath(new URL('../knowledge/', import.meta.url));

export function readKnowledgeFiles(dir: string = DEFAULT_KNOWLEDGE_DIR): SourceFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
}

export function loadKnowledgeFromDisk(dir: string = DEFAULT_KNOWLEDGE_DIR): KnowledgeBase {
  return loadKnowledgeBase(readKnowledgeFiles(dir).map(withCachedParse));
}

/**
 * Parsing the knowledge files as YAML was a good part of the start; JSON of the same data is read in a few
 * milliseconds. Each parse is kept under the SHA-256 of the parser's version and the file's text (so an edited file
 * is parsed anew) in the system's temporary folder, as tsx keeps its compiled files. A file whose YAML does not
 * parse is left to loadKnowledgeBase, which reports the error; a cache that cannot be read or written is skipped.
 */
export const KNOWLEDGE_CACHE_DIR = join(tmpdir(), 'adviesbot-knowledge-cache');
const YAML_VERSION = (createRequire(import.meta.url)('yaml/package.json') as { version: string }).version;

function withCachedParse(file: SourceFile): SourceFile {
  const path = join(KNOWLEDGE_CACHE_DIR, `${createHash('sha256').update(`yaml ${YAML_VERSION}\n${file.text}`).digest('hex')}.json`);
  try {
    return { ...file, parsed: JSON.parse(readFileSync(path, 'utf8')) };
  } catch {
    // Not there yet (or unreadable): parse it below.
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(file.text);
  } catch {
    return file;
  }
  try {
    mkdirSync(KNOWLEDGE_CACHE_DIR, { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(parsed));
    renameSync(temporary, path);
  } catch {
    // A read-only or full disk: the next start parses again.
  }
  return { ...file, parsed };
}
