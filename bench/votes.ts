// npm run bench:votes — 60 members vote at the same moment on a draft deeladvies, through the real HTTP app
// (/api/messages, Action.Execute invokes) with a local fake connector that serves the roster and receives the
// card updates. Prints p50 and p99 of handling one vote (invoke to response) and the time until the card that
// counts all 60 votes reached the connector.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { saveConversationReference } from '../src/bot/conversations.js';
import { turnoutText } from '../src/bot/draft-cards.js';
import { compose } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { parseDraftForm } from '../src/domain/drafts/draft.js';
import { createLogger } from '../src/logger.js';
import { MemoryStore } from '../src/storage/memory-storage.js';
import { machine, summarize } from './stats.js';

const VOTERS = Number(process.env.BENCH_VOTERS ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CHANNEL = '19:bench@thread.tacv2';

export interface VoteBench {
  voters: number;
  rounds: number;
  p50: number;
  p99: number;
  lastUpdateMs: number[];
  updates: number[];
}

export async function runVoteBench(voters = VOTERS, rounds = ROUNDS): Promise<VoteBench> {
  const members = Array.from({ length: voters }, (_, i) => ({ id: `29:user-${i}`, aadObjectId: `aad-${i}`, name: `Lid ${i}` }));
  let updates: Array<{ at: number; body: string }> = [];
  const connector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && /\/pagedmembers/.test(req.url ?? '')) {
        res.end(JSON.stringify({ members }));
        return;
      }
      if (req.method === 'PUT') updates.push({ at: performance.now(), body: Buffer.concat(chunks).toString('utf8') });
      res.end(JSON.stringify({ id: randomUUID() }));
    });
  });
  await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;

  const store = new MemoryStore();
  const c = compose(loadConfig({ STORAGE: 'memory', LOG_LEVEL: 'silent' }), createLogger('silent'), { store, draftUpdateDelayMs: 250 });
  await new Promise<void>((resolve) => c.app.listen(0, '127.0.0.1', resolve));
  const botUrl = `http://127.0.0.1:${(c.app.address() as AddressInfo).port}/api/messages`;
  await saveConversationReference(store, { serviceUrl, channelId: 'msteams', conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, name: 'bench' }, bot: { id: 'bot', name: 'Adviesbot' } }, 'installationUpdate');

  const samples: number[] = [];
  const lastUpdateMs: number[] = [];
  const updateCounts: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const now = new Date();
    const form = parseDraftForm({ number: `1.${round + 1}`, title: 'Benchmark', text: 'Tekst', closeDate: new Date(now.getTime() + 3 * 86_400_000).toISOString().slice(0, 10) }, now);
    if (!form.ok) throw new Error(JSON.stringify(form.errors));
    const draft = await c.draftStore.create({ ...form.value, visibility: 'live' }, { id: 'aad-0', name: 'Lid 0' }, { conversationId: CHANNEL, teamId: 'team', scope: 'team' });
    await c.draftStore.placed(draft.id, { threadRootId: `${1700000000000 + round}`, threadConversationId: `${CHANNEL};messageid=${1700000000000 + round}`, cardActivityId: `${1700000000000 + round}` });
    updates = [];
    const started = performance.now();
    await Promise.all(
      members.map(async (m, i) => {
        const activity = {
          type: 'invoke',
          name: 'adaptiveCard/action',
          id: randomUUID(),
          channelId: 'msteams',
          serviceUrl,
          from: { id: m.id, name: m.name, aadObjectId: m.aadObjectId },
          recipient: { id: 'bot', name: 'Adviesbot' },
          conversation: { id: `${CHANNEL};messageid=${1700000000000 + round}`, conversationType: 'channel', isGroup: true },
          channelData: { team: { id: 'team' }, channel: { id: CHANNEL } },
          value: { action: { type: 'Action.Execute', verb: 'draft.vote', data: { draftId: draft.id, choice: ['eens', 'eens-met-aanpassingen', 'onthouding'][i % 3] } } },
        };
        const t0 = performance.now();
        const response = await fetch(botUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
        const body = await response.text();
        samples.push(performance.now() - t0);
        if (!response.ok || !body.includes('opgeslagen')) throw new Error(`vote failed: ${response.status} ${body.slice(0, 200)}`);
      }),
    );
    const tally = await c.draftStore.tally(draft);
    if (tally.total !== voters) throw new Error(`counted ${tally.total} of ${voters}`);
    const deadline = performance.now() + 10_000;
    // The turnout line of the card that counts every vote, as the card writes it.
    const final = turnoutText(voters, voters);
    while (!updates.some((u) => u.body.includes(final)) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    const hit = updates.find((u) => u.body.includes(final));
    if (!hit) throw new Error('the final card never reached the connector');
    lastUpdateMs.push(hit.at - started);
    updateCounts.push(updates.length);
  }
  c.app.close();
  connector.close();
  const s = summarize(samples);
  return { voters, rounds, p50: s.p50, p99: s.p99, lastUpdateMs, updates: updateCounts };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`bench:votes — ${new Date().toISOString()} — ${machine()}`);
  const r = await runVoteBench();
  console.log(`${r.voters} gelijktijdige stemmers x ${r.rounds} rondes, via /api/messages (Action.Execute), kaartupdates naar een nep-connector`);
  console.log(`één stem afhandelen (invoke tot antwoord): p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`);
  console.log(`tot de kaart met alle ${r.voters} stemmen bij de connector was: ${r.lastUpdateMs.map((m) => `${m.toFixed(0)} ms`).join(', ')}`);
  console.log(`kaartupdates per ronde (samengevoegd): ${r.updates.join(', ')}`);
  process.exit(0); // the code under test leaves servers and timers behind
}
