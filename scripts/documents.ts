// Documents for the bot to answer from, on the same storage that `npm start` uses (DATA_DIR / STORAGE from the
// environment, as for npm start), also while the bot runs: every instance picks a change up within a minute.
//   npm run documents -- add <file> [--title T] [--date YYYY-MM-DD] [--author A] [--received YYYY-MM-DD]
//   npm run documents -- list
//   npm run documents -- remove <id>
//   npm run documents -- replace <id> <file> [--title T] [--date YYYY-MM-DD] [--author A] [--received YYYY-MM-DD]
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { createStore } from '../src/storage/create-store.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { CurationStore } from '../src/domain/curation/curation-store.js';
import { formatDutchDate } from '../src/domain/dates.js';
import { describeDocument, DocumentStore, entriesCiting, type DocumentMeta } from '../src/domain/documents/document-store.js';
import type { KeyValueStore } from '../src/domain/storage-port.js';
import { DocumentError, MAX_DOCUMENT_BYTES } from '../src/domain/documents/extract.js';
import { placeOf } from '../src/domain/documents/passages.js';

const USAGE = `Gebruik:
  npm run documents -- add <bestand> [--title "Titel"] [--date JJJJ-MM-DD] [--author "Auteur"] [--received JJJJ-MM-DD]
  npm run documents -- list
  npm run documents -- remove <id>
  npm run documents -- replace <id> <bestand> [--title "Titel"] [--date JJJJ-MM-DD] [--author "Auteur"] [--received JJJJ-MM-DD]

Een document met dezelfde titel als een dat er al is, vervangt dat ook bij "add".`;

const CLI_ACTOR = { id: 'cli', name: process.env.USER ? `${process.env.USER} (opdrachtregel)` : 'opdrachtregel' };

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { title: { type: 'string' }, date: { type: 'string' }, author: { type: 'string' }, received: { type: 'string' } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const [command, ...args] = parsed.positionals;
  const arity: Record<string, number> = { add: 1, list: 0, remove: 1, replace: 2 };
  if (!command || arity[command] === undefined || args.length !== arity[command]) {
    console.error(USAGE);
    return 2;
  }
  // "replace <id> <file>": the file is the second argument.
  const replaces = command === 'replace' ? args[0] : undefined;
  const arg = command === 'replace' ? args[1] : args[0];
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const store = createStore(config);
  const documents = new DocumentStore(store);
  try {
    if (command === 'list') {
      const all = await documents.list();
      if (all.length === 0) console.log('Er zijn nog geen documenten toegevoegd.');
      for (const d of all) {
        console.log(`${d.id}  ${d.title}${d.date ? ` (${formatDutchDate(d.date)})` : ''}\n              ${describeDocument(d)}; ${d.fileName}, toegevoegd ${d.addedAt.slice(0, 10)} door ${d.addedBy.name}`);
      }
      return 0;
    }
    if (command === 'remove') {
      const removed = await documents.remove(arg!);
      if (!removed) {
        console.error(`Er is geen document met id "${arg}". Zie npm run documents -- list.`);
        return 1;
      }
      console.log(`Verwijderd: "${removed.title}" met ${removed.passages} passages. Elke draaiende bot stopt binnen een minuut met antwoorden eruit.`);
      await printCiting(store, removed);
      return 0;
    }
    let size: number;
    try {
      size = statSync(arg!).size;
    } catch {
      console.error(`Het bestand "${arg}" bestaat niet of is niet leesbaar.`);
      return 1;
    }
    if (size > MAX_DOCUMENT_BYTES) {
      console.error(`"${basename(arg!)}" is ${(size / 1024 / 1024).toFixed(1)} MB; het maximum is 20 MB. Er is niets opgeslagen.`);
      return 1;
    }
    const { title, date, author, received } = parsed.values;
    if (received !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(received)) {
      console.error(`--received "${received}" is geen datum als JJJJ-MM-DD. Er is niets opgeslagen.`);
      return 1;
    }
    const added = await documents.add({
      bytes: readFileSync(arg!),
      fileName: basename(arg!),
      ...(title !== undefined ? { title } : {}),
      ...(date !== undefined ? { date } : {}),
      ...(author !== undefined ? { author } : {}),
      ...(received !== undefined ? { receivedAt: received } : {}),
      ...(replaces !== undefined ? { replaces } : {}),
      addedBy: CLI_ACTOR,
    });
    const d = added.document;
    if (added.replaced) {
      console.log(`Nieuwe versie van "${added.replaced.title}" (${added.replaced.id}, toegevoegd ${added.replaced.addedAt.slice(0, 10)}): de oude versie is vervangen; elke draaiende bot antwoordt er binnen een minuut niet meer uit.`);
      await printCiting(store, added.replaced);
    }
    console.log(`Toegevoegd: ${d.id}  "${d.title}"${d.titleFromDocument ? ' (titel uit het document)' : ''}`);
    console.log(`Datum: ${d.date ? `${formatDutchDate(d.date)}${d.dateFromDocument ? ' (uit het document)' : ''}` : 'onbekend (geef hem met --date)'}`);
    console.log(`${describeDocument(d)}. Elke draaiende bot antwoordt er binnen een minuut uit.`);
    if (added.proposals.length > 0) {
      console.log(`\nDeadlines in de tekst (${added.proposals.length}); een organisator voegt ze toe met "documenten" in de bot:`);
      for (const p of added.proposals) {
        const state = p.state !== 'open' ? ` (al ${p.state} bij de vorige versie)` : '';
        console.log(`- ${formatDutchDate(p.dueDate)}: ${p.kind}, ${p.body} ("${p.expression}", ${placeOf(p)})${p.note ? `; ${p.note}` : ''}${state}`);
      }
    }
    return 0;
  } catch (error) {
    if (error instanceof DocumentError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}

/** The curated entries that cite a removed or replaced document, for the organiser to check. */
async function printCiting(store: KeyValueStore, document: DocumentMeta): Promise<void> {
  const citing = entriesCiting(await new CurationStore(store).curated(), document);
  if (citing.length === 0) return;
  console.log(`\nDeze vaste antwoorden noemen dit document als bron; kijk of ze nog kloppen:`);
  for (const c of citing) console.log(`- ${c.entry.title} (${c.entry.id})`);
}

process.exitCode = await main(process.argv.slice(2));
