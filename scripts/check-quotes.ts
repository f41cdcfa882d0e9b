// Checks that every quote citing a seed document stands verbatim in that document (whitespace-insensitive).
// Usage: npm run check:quotes -- ../shared/seeds
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledgeFromDisk } from '../src/knowledge-files.js';

const seedsDir = process.argv[2];
if (!seedsDir || !existsSync(seedsDir)) {
  console.error('Gebruik: npm run check:quotes -- <map met brondocumenten>');
  process.exit(2);
}
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();
const kb = loadKnowledgeFromDisk();
const texts = new Map<string, string>();
let checked = 0;
const failures: string[] = [];
for (const entry of kb.entries) {
  for (const source of entry.sources) {
    const doc = kb.documents.get(source.doc);
    if (!doc?.verbatim || !source.quote) continue;
    const path = join(seedsDir, doc.id);
    if (!texts.has(doc.id)) {
      if (!existsSync(path)) {
        failures.push(`${entry.id}: document ${doc.id} niet gevonden in ${seedsDir}`);
        continue;
      }
      texts.set(doc.id, squash(readFileSync(path, 'utf8')));
    }
    checked++;
    if (!texts.get(doc.id)?.includes(squash(source.quote))) {
      failures.push(`${entry.id}: citaat staat niet letterlijk in ${doc.id}: "${source.quote}"`);
    }
  }
}
if (failures.length > 0) {
  console.error(`${failures.length} van ${checked} citaten kloppen niet:\n${failures.join('\n')}`);
  process.exit(1);
}
console.log(`Alle ${checked} citaten staan letterlijk in hun brondocument.`);
