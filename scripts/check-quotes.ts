// Checks that every quote citing a seed document stands verbatim in that document (whitespace-insensitive).
// Usage: npm run check:quotes -- knowledge/documents   against the texts shipped with the product
//        npm run check:quotes -- ../shared/seeds       against the original documents
// `npm test` runs the same check on the shipped texts (test/domain/knowledge/document-texts.test.ts).
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkQuotes, DEFAULT_DOCUMENTS_DIR, readDocumentTexts } from '../src/domain/knowledge/document-texts.js';
import { loadKnowledgeFromDisk } from '../src/knowledge-files.js';

const dir = process.argv[2];
const kb = loadKnowledgeFromDisk();
/** The source documents whose quotes are checked: the verbatim ones that some entry quotes. */
const quoted = [...new Set(kb.entries.flatMap((e) => e.sources.filter((s) => s.quote).map((s) => s.doc)))]
  .map((id) => kb.documents.get(id))
  .filter((d) => d?.verbatim)
  .map((d) => d!.id)
  .sort();

if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) {
  console.error(
    [
      dir ? `De map met brondocumenten "${dir}" bestaat niet (gezocht in ${resolve(dir)}).` : 'Geen map met brondocumenten opgegeven.',
      `check:quotes vergelijkt elk citaat in knowledge/ met de tekst van zijn brondocument. De originele documenten`,
      `staan niet in deze repository; ${DEFAULT_DOCUMENTS_DIR} bevat een kopie (die npm test controleert).`,
      `Geef de map waarin ze staan (${quoted.length} bestanden, als platte tekst):`,
      ...quoted.map((id) => `  ${id}`),
      '',
      'Gebruik: npm run check:quotes -- <map met brondocumenten>    (bijvoorbeeld: npm run check:quotes -- knowledge/documents, of -- ../shared/seeds)',
    ].join('\n'),
  );
  process.exit(2);
}
const { checked, failures, missing } = checkQuotes(kb.entries, kb.documents, readDocumentTexts(kb.documents.values(), dir));
if (failures.length > 0) {
  const lack = missing.length ? `\nOntbrekende documenten in ${dir}: ${missing.join(', ')}` : '';
  console.error(`${failures.length} van ${checked + missing.length} citaten kloppen niet:\n${failures.join('\n')}${lack}`);
  process.exit(1);
}
console.log(`Alle ${checked} citaten staan letterlijk in hun brondocument (${dir}).`);
