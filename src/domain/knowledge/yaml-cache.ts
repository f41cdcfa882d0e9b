import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Yaml from 'yaml';

/**
 * Parsing YAML (the knowledge files, the language files of knowledge/nl/) was a good part of the start; JSON of the
 * same data is read in a few milliseconds. Each parse is kept under the SHA-256 of the parser's version and the
 * file's text (so an edited file is parsed anew) in the system's temporary folder, as tsx keeps its compiled files.
 * A text whose YAML does not parse throws as parse does and is not kept; a cache that cannot be read or written is
 * skipped.
 */
export const YAML_CACHE_DIR = join(tmpdir(), 'adviesbot-knowledge-cache');
/**
 * Beside the compiled code (dist/kept): what `npm run build` kept of the knowledge it was built with, the parses of
 * its YAML files and the analysis of its texts (src/keep-at-build.ts), so that the first start after a deployment
 * reads them as a later start reads its own. Read only, after the temporary folder; never written at run time.
 */
export const BUILT_DIR = fileURLToPath(new URL('../../kept/', import.meta.url));

/** Where parses are read from, in order, and where a new one is kept (keepParsesIn). */
let parseDirs: { read: string[]; keep: string } = { read: [YAML_CACHE_DIR, BUILT_DIR], keep: YAML_CACHE_DIR };

/** For the build (keep-at-build.ts): every text is parsed anew and its parse kept in `dir`. */
export function keepParsesIn(dir: string): void {
  parseDirs = { read: [], keep: dir };
}

/** The text of the kept file `name` in the first of `dirs` that has it. */
export function readKept(name: string, dirs: readonly string[]): string | undefined {
  for (const dir of dirs) {
    try {
      return readFileSync(join(dir, name), 'utf8');
    } catch {
      // Not in this folder (or unreadable): the next.
    }
  }
  return undefined;
}
const require = createRequire(import.meta.url);
const YAML_VERSION = (require('yaml/package.json') as { version: string }).version;

/** The yaml library, loaded when a text is parsed: at a start whose parses are all kept, never. */
export function yaml(): typeof Yaml {
  return require('yaml') as typeof Yaml;
}

export function parseYamlCached(text: string): unknown {
  const name = `${createHash('sha256').update(`yaml ${YAML_VERSION}\n${text}`).digest('hex')}.json`;
  const kept = readKept(name, parseDirs.read);
  if (kept !== undefined) {
    try {
      return JSON.parse(kept) as unknown;
    } catch {
      // A damaged file: parse the text below.
    }
  }
  const parsed: unknown = yaml().parse(text);
  // A read-only or full disk: not kept, the next start parses again.
  keepFile(parseDirs.keep, join(parseDirs.keep, name), JSON.stringify(parsed));
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
