// Why a question gets its answer: the pipeline's trace (intents, search terms, candidates with their features and
// the first check each failed, and what decided).   npm run explain -- "wanneer moest de BAR advies geven?"
import { QuestionAnswerer } from '../src/domain/answering/pipeline.js';
import type { Trace } from '../src/domain/answering/types.js';
import { loadKnowledgeFromDisk } from '../src/knowledge-files.js';

export function formatTrace(trace: Trace, limit = 6): string {
  const lines = [
    `? ${trace.typed}`,
    `  gelezen als: ${trace.asked}  (${trace.route})`,
    `  intenties: ${trace.intent.join(', ') || '-'}`,
    `  zoektermen: ${trace.terms.join(' ') || '-'}`,
  ];
  for (const c of trace.candidates.slice(0, limit)) {
    const f = c.features as Record<string, number>;
    lines.push(
      `  ${c.rank.toFixed(2).padStart(7)} conf=${(f.probability ?? f.ruleConfidence!).toFixed(2)} cov=${f.coverage!.toFixed(2)} sim=${f.similarity!.toFixed(2)} bm25=${Math.expm1(f.logBm25!).toFixed(2)} ${c.id}` +
        `${c.factors.length > 0 ? ` [${c.factors.join(', ')}]` : ''}${c.missing.length > 0 ? ` mist: ${c.missing.join(',')}` : ''}` +
        `${c.failed ? `  -> ${c.failed.check}: ${c.failed.reason}` : '  -> ok'}`,
    );
  }
  lines.push(`  => ${trace.decision.outcome}${trace.decision.entry ? ` ${trace.decision.entry}` : ''}, door ${trace.decision.by}: ${trace.decision.reason}`);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const qa = new QuestionAnswerer(loadKnowledgeFromDisk(), { now: () => new Date('2026-11-23T12:00:00+01:00') });
  for (const typed of process.argv.slice(2)) console.log(`${formatTrace(qa.ask(typed).trace!)}\n`);
}
