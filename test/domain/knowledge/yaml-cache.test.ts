import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keepParsesIn, parseYamlCached, readKept } from '../../../src/domain/knowledge/yaml-cache.js';

describe('kept parses', () => {
  it('reads a kept file from the first folder that has it', () => {
    const [a, b] = [mkdtempSync(join(tmpdir(), 'adviesbot-kept-a-')), mkdtempSync(join(tmpdir(), 'adviesbot-kept-b-'))];
    writeFileSync(join(b, 'x.json'), 'from b');
    expect(readKept('x.json', [a, b])).toBe('from b');
    writeFileSync(join(a, 'x.json'), 'from a');
    expect(readKept('x.json', [a, b])).toBe('from a');
    expect(readKept('y.json', [a, b])).toBeUndefined();
  });

  it('at build, parses every text anew and keeps its parse in the build folder', () => {
    const text = 'entries:\n  - id: kept-at-build\n    answer: "Een antwoord: met dubbele punt."\n';
    parseYamlCached(text); // kept in the temporary folder first, as a start would
    const built = mkdtempSync(join(tmpdir(), 'adviesbot-kept-built-'));
    keepParsesIn(built);
    expect(parseYamlCached(text)).toEqual({ entries: [{ id: 'kept-at-build', answer: 'Een antwoord: met dubbele punt.' }] });
    const files = readdirSync(built);
    expect(files).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(built, files[0]!), 'utf8'))).toEqual(parseYamlCached(text));
  });
});
