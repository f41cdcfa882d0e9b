import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBase } from '../../../src/domain/knowledge/load.js';
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledgeFromDisk, readKnowledgeFiles } from '../../../src/knowledge-files.js';

describe('the knowledge files, parsed once and kept', () => {
  it('give the same knowledge base from the kept parse as from parsing the YAML', () => {
    const parsed = loadKnowledgeBase(readKnowledgeFiles());
    loadKnowledgeFromDisk();
    const kept = loadKnowledgeFromDisk();
    expect(kept.entries).toEqual(parsed.entries);
    expect([...kept.documents]).toEqual([...parsed.documents]);
    expect(kept.lexicon).toEqual(parsed.lexicon);
  });

  it('follow an edited file at once, and still report a file that is no valid YAML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'adviesbot-kb-'));
    cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
    const file = join(dir, 'heumen-bar-2025.yaml');
    const title = 'Wat vond de BAR Heumen van de ontwerp-DVO 2026-2027?';
    expect(loadKnowledgeFromDisk(dir).byId.get('heumen-bar-advies-dvo')?.title).toBe(title);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(title, 'Wat vond de BAR Heumen van de DVO?'));
    expect(loadKnowledgeFromDisk(dir).byId.get('heumen-bar-advies-dvo')?.title).toBe('Wat vond de BAR Heumen van de DVO?');
    writeFileSync(file, `${text}\n  - id: [kapot\n`);
    expect(() => loadKnowledgeFromDisk(dir)).toThrow(/geen geldige YAML/);
  });
});
