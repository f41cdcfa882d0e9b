import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  return loadKnowledgeBase(readKnowledgeFiles(dir));
}
