// Validates the knowledge folder and prints a short summary, or every problem with file, entry and field.
import { KnowledgeError } from '../src/domain/knowledge/load.js';
import { loadKnowledgeFromDisk } from '../src/knowledge-files.js';

try {
  const kb = loadKnowledgeFromDisk(process.argv[2]);
  const dated = kb.entries.filter((e) => e.event).length;
  console.log(`Kennisbank in orde: ${kb.entries.length} entries (${dated} met datum), ${kb.documents.size} documenten.`);
} catch (error) {
  if (error instanceof KnowledgeError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
