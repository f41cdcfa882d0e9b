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
  try {
    mkdirSync(YAML_CACHE_DIR, { recursive: true });
    const temporary = `${path}.${randomUUID()}.tmp`;
    writeFileSync(temporary, JSON.stringify(parsed));
    renameSync(temporary, path);
  } catch {
    // A read-only or full disk: the next start parses again.
  }
  return parsed;
}
