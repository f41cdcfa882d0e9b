// Checks that every quote citing a seed document stands verbatim in that document (whitespace-insensitive).
// Usage: npm run check:quotes -- ../shared/seeds
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadKnowledgeFromDisk } from '../src/knowledge-files.js';

const seedsDir = process.argv[2];
const kb = loadKnowledgeFromDisk();
/** The source documents whose quotes are checked: the verbatim ones that some entry quotes. */
const quoted = [...new Set(kb.entries.flatMap((e) => e.sources.filter((s) => s.quote).map((s) => s.doc)))]
  .map((id) => kb.documents.get(id))
  .filter((d) => d?.verbatim)
  .map((d) => d!.id)
  .sort();

if (!seedsDir || !existsSync(seedsDir) || !statSync(seedsDir).isDirectory()) {
  console.error(
    [
      seedsDir
        ? `De map met brondocumenten "${seedsDir}" bestaat niet (gezocht in ${resolve(seedsDir)}).`
        : 'Geen map met brondocumenten opgegeven.',
      `check:quotes vergelijkt elk citaat in knowledge/ met de tekst van zijn brondocument. Die documenten staan niet in`,
      `deze repository; geef de map waarin ze staan (${quoted.length} bestanden, als platte tekst):`,
      ...quoted.map((id) => `  ${id}`),
      '',
      'Gebruik: npm run check:quotes -- <map met brondocumenten>    (bijvoorbeeld: npm run check:quotes -- ../shared/seeds)',
    ].join('\n'),
  );
  process.exit(2);
}
const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();
const texts = new Map<string, string>();
let checked = 0;
const failures: string[] = [];
const missing = new Set<string>();
for (const entry of kb.entries) {
  for (const source of entry.sources) {
    const doc = kb.documents.get(source.doc);
    if (!doc?.verbatim || !source.quote) continue;
    const path = join(seedsDir, doc.id);
    if (!texts.has(doc.id)) {
      if (!existsSync(path)) {
        missing.add(doc.id);
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
  const lack = missing.size ? `\nOntbrekende documenten in ${seedsDir}: ${[...missing].join(', ')}` : '';
  console.error(`${failures.length} van ${checked + failures.filter((f) => f.includes('niet gevonden')).length} citaten kloppen niet:\n${failures.join('\n')}${lack}`);
  process.exit(1);
}
console.log(`Alle ${checked} citaten staan letterlijk in hun brondocument.`);
