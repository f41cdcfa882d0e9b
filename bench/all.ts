// npm run bench — runs every benchmark and writes bench/RESULTS.md (date, machine, commands, figures).
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { runQaBench } from './qa.js';
import { runReminderBench } from './reminders.js';
import { machine } from './stats.js';
import { runTurnBench, turnLines } from './turns.js';
import { runVoteBench } from './votes.js';

// The machine may be shared: its load average at the start says how far the figures can be compared with others.
const load = loadavg().map((n) => n.toFixed(1)).join(', ');
const lines: string[] = [`# Benchmark results`, '', `${new Date().toISOString()} — ${machine()} — load average at the start ${load} (1, 5, 15 minutes)`, ''];
const ms = (n: number): string => `${n.toFixed(2)} ms`;

console.log('bench:turns ...');
const turns = await runTurnBench((line) => console.log(`  ${line}`));
lines.push('## Turns against the echo-bot floor (`npm run bench:turns`)', '');
lines.push(
  'Both bots on the same stack (restify app factory, CloudAdapter, SQLite, at least one storage read per turn), each its own process compiled to JavaScript as `npm run build` compiles the bot (build/compiled, with what the build keeps for the first start); driven through `/api/messages` from the bench process, which also plays the Bot Connector and times each reply when it arrives. Echo and bot alternated in rounds per level in one run.',
  '',
);
lines.push(...turnLines(turns), '');
console.log('bench:qa ...');
lines.push('## Retrieval (`npm run bench:qa`)', '', 'Whole `ask` per question (analysis, search, ranking, confidence), golden questions x 5 rounds.', '');
lines.push('| size | entries | index build | p50 | p95 | p99 | p95, a typo not seen before |', '|---|---|---|---|---|---|---|');
for (const r of runQaBench()) lines.push(`| ${r.factor}x | ${r.entries} | ${ms(r.buildMs)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.p95Typo)} |`);
lines.push('', 'Target: p95 under 5 ms at 100x.', '');

console.log('bench:reminders ...');
const rem = await runReminderBench();
lines.push('## Reminders (`npm run bench:reminders`)', '');
lines.push(`${rem.conversations} conversations, one reminder each, scheduler → CloudAdapter → HTTP → fake connector with the Teams limits.`, '');
lines.push(`- total ${rem.seconds.toFixed(2)} s, floor ${rem.floorSeconds.toFixed(2)} s, ratio ${rem.ratio.toFixed(3)} (target ≤ 1.2)`);
lines.push(`- lost ${rem.lost}, sent twice ${rem.duplicates} (target 0 and 0); 429 answers ${rem.throttled}`, '');

console.log('bench:votes ...');
const votes = await runVoteBench();
lines.push('## Votes (`npm run bench:votes`)', '');
lines.push(`${votes.voters} members vote at the same moment, ${votes.rounds} rounds, through /api/messages (Action.Execute).`, '');
lines.push(`- one vote, invoke to response: p50 ${ms(votes.p50)}, p99 ${ms(votes.p99)}`);
lines.push(`- until the card counting all votes reached the connector: ${votes.lastUpdateMs.map((m) => `${m.toFixed(0)} ms`).join(', ')}`);
lines.push(`- card updates per round after coalescing: ${votes.updates.join(', ')}`, '');

writeFileSync(new URL('./RESULTS.md', import.meta.url), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
// Benchmarks leave servers and timers of the code under test behind; the figures are written, so stop here.
process.exit(0);
