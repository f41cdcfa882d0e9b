import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKnowledgeBase, type KnowledgeBase, type SourceFile } from './domain/knowledge/load.js';
import { parseYamlCached } from './domain/knowledge/yaml-cache.js';

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

/** The files' YAML parsed, from the cache of earlier parses of the same text when there (yaml-cache.ts). */
function withCachedParse(file: SourceFile): SourceFile {
  try {
    return { ...file, parsed: parseYamlCached(file.text) };
  } catch {
    // YAML that does not parse: loadKnowledgeBase parses it again and reports the error.
    return file;
  }
}
