// Run by `npm run build` after tsc (node dist/keep-at-build.js): keeps, beside the compiled code (yaml-cache.ts
// BUILT_DIR, dist/kept), the parses of the knowledge's YAML files and the analysis of its texts (index-cache.ts), as
// a start keeps them in the temporary folder. The first start after a deployment then reads them instead of parsing
// and analysing everything again (bench/RESULTS.md: the larger part of a first start above a later one). Knowledge
// or code changed after the build gives other keys: the bot then parses and analyses as without them.
import { rmSync } from 'node:fs';
import { BUILT_DIR, keepParsesIn } from './domain/knowledge/yaml-cache.js';

if (import.meta.url.endsWith('.ts')) {
  console.error('keep-at-build hoort bij de gecompileerde code: npm run build');
  process.exit(1);
}
rmSync(BUILT_DIR, { recursive: true, force: true });
// Before the modules that parse their language files when loaded.
keepParsesIn(BUILT_DIR);
const { loadConfig } = await import('./config.js');
const { loadKnowledgeFromDisk } = await import('./knowledge-files.js');
const { QuestionAnswerer } = await import('./domain/answering/pipeline.js');
const config = loadConfig(process.env);
const t0 = performance.now();
const qa = new QuestionAnswerer(loadKnowledgeFromDisk(config.KNOWLEDGE_DIR), { indexCacheDir: BUILT_DIR });
console.log(`kept for the first start: the parses and the analysis of ${qa.entryCount} entries in ${BUILT_DIR} (${(performance.now() - t0).toFixed(0)} ms)`);
