import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Yaml from 'yaml';

/**
 * Parsing YAML (the knowledge files, the language files of knowledge/nl/) was a good part of the start; JSON of the
 * same data is read in a few milliseconds. Each parse is kept under the SHA-256 of the parser's version and the
 * file's text (so an edited file is parsed anew) in the system's temporary folder, as tsx keeps its compiled files.
 * A text whose YAML does not parse throws as parse does and is not kept; a cache that cannot be read or written is
 * skipped.
 */
export const YAML_CACHE_DIR = join(tmpdir(), 'adviesbot-knowledge-cache');
const require = createRequire(import.meta.url);
const YAML_VERSION = (require('yaml/package.json') as { version: string }).version;

/** The yaml library, loaded when a text is parsed: at a start whose parses are all kept, never. */
export function yaml(): typeof Yaml {
  return require('yaml') as typeof Yaml;
}

export function parseYamlCached(text: string): unknown {
  const path = join(YAML_CACHE_DIR, `${createHash('sha256').update(`yaml ${YAML_VERSION}\n${text}`).digest('hex')}.json`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    // Not there yet (or unreadable): parse it below.
  }
  const parsed: unknown = yaml().parse(text);
  // A read-only or full disk: not kept, the next start parses again.
  keepFile(YAML_CACHE_DIR, path, JSON.stringify(parsed));
  return parsed;
}

/**
 * Writes a kept file (a cache between starts) beside its place and renames it, so that another process never reads
 * half a file. False when it could not be written (a read-only or full disk): the cache is then skipped.
 */
export function keepFile(dir: string, path: string, text: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    const temporary = `${path}.${randomUUID()}.tmp`;
    writeFileSync(temporary, text);
    renameSync(temporary, path);
    return true;
  } catch {
    return false;
  }
}
