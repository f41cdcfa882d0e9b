// npm run bench:blob — the concurrency cases of issue 12 on Azure Blob (Azurite, started here on loopback), through
// the real HTTP app (/api/messages) of one instance and of two instances on one container:
//   40 simultaneous comments on one draft, 20 simultaneous draft posts in one team, 300 first messages from 300
//   new conversations. For each: acknowledged (the bot said it was saved), visible (listed afterwards), orphaned
//   (stored but not listed, or a draft without its card). A local fake connector receives the replies.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listConversations, saveConversationReference } from '../src/bot/conversations.js';
import { compose, type Composition } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { parseDraftForm } from '../src/domain/drafts/draft.js';
import { createLogger } from '../src/logger.js';
import { BlobStore } from '../src/storage/blob-storage.js';
import { startAzurite } from '../test/support/azurite.js';
import { machine } from './stats.js';

const CHANNEL = '19:blob-bench@thread.tacv2';
const TEAM = 'team-blob';

export interface BlobCase {
  name: string;
  total: number;
  acknowledged: number;
  visible: number;
  orphaned: number;
}

function fakeConnector() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && /members/.test(req.url ?? '')) return res.end(JSON.stringify({ members: [] }));
      res.end(JSON.stringify({ id: randomUUID() }));
    });
  });
  return server;
}

async function listen(app: Composition['app']): Promise<string> {
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(app.address() as AddressInfo).port}/api/messages`;
}

function invoke(serviceUrl: string, i: number, verb: string, data: Record<string, unknown>) {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:user-${i}`, name: `Lid ${i}`, aadObjectId: `aad-${i}` },
    recipient: { id: 'bot', name: 'Adviesbot' },
    conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true },
    channelData: { team: { id: TEAM }, channel: { id: CHANNEL } },
    value: { action: { type: 'Action.Execute', verb, data } },
  };
}

const post = async (url: string, body: unknown): Promise<{ status: number; text: string }> => {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, text: await r.text() };
};

export async function runBlobBench(instances: 1 | 2): Promise<BlobCase[]> {
  const azurite = await startAzurite();
  const connector = fakeConnector();
  await new Promise<void>((resolve) => connector.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
  const container = `bench-${instances}-${Date.now()}`;
  const config = loadConfig({ STORAGE: 'blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, AZURE_STORAGE_CONTAINER: container, LOG_LEVEL: 'silent' });
  const apps = Array.from({ length: instances }, (_, i) => compose({ ...config, INSTANCE_ID: `i${i}` }, createLogger('silent'), { store: new BlobStore(azurite.connectionString, container), draftUpdateDelayMs: 200 }));
  const urls = await Promise.all(apps.map((a) => listen(a.app)));
  const urlOf = (i: number): string => urls[i % urls.length]!;
  const c = apps[0]!;
  const cases: BlobCase[] = [];
  try {
    await saveConversationReference(c.store, { serviceUrl, channelId: 'msteams', conversation: { id: CHANNEL, conversationType: 'channel', isGroup: true, name: 'bench' }, bot: { id: 'bot', name: 'Adviesbot' } }, 'installationUpdate', new Date(), TEAM);

    // 40 comments on one draft at once.
    const now = new Date();
    const closeDate = new Date(now.getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
    const form = parseDraftForm({ number: '1.1', title: 'Benchmark', text: 'Tekst', closeDate }, now);
    if (!form.ok) throw new Error(JSON.stringify(form.errors));
    const draft = await c.draftStore.create(form.value, { id: 'aad-0', name: 'Lid 0' }, { conversationId: CHANNEL, teamId: TEAM, scope: TEAM });
    await c.draftStore.placed(draft.id, { cardActivityId: 'card-1' });
    const comments = await Promise.all(
      Array.from({ length: 40 }, (_, i) => post(urlOf(i), invoke(serviceUrl, i, 'draft.comment', { draftId: draft.id, comment: `Reactie ${i}` }))),
    );
    const stored = (await c.store.keys(`draft-comment/${draft.id}/`)).length;
    const visible = (await c.draftStore.comments(draft.id)).length;
    cases.push({ name: 'comments', total: 40, acknowledged: comments.filter((r) => r.status === 200 && r.text.includes('Je reactie is toegevoegd')).length, visible, orphaned: stored - visible });

    // 20 draft posts in one team at once, each from its own form (own nonce).
    const posts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(urlOf(i), invoke(serviceUrl, i, 'draft.post', { number: `8.${i + 1}`, title: `Deeladvies ${i + 1}`, text: 'Tekst van het deeladvies.', closeDate, nonce: randomUUID() })),
      ),
    );
    const drafts = (await c.draftStore.all()).filter((d) => d.number.startsWith('8.'));
    const findable = await Promise.all(Array.from({ length: 20 }, (_, i) => c.draftStore.findByNumber(TEAM, `8.${i + 1}`)));
    cases.push({
      name: 'drafts',
      total: 20,
      acknowledged: posts.filter((r) => r.status === 200 && /Deeladvies 8\.\d+ is geplaatst/.test(r.text)).length,
      visible: findable.filter((d) => d?.cardActivityId).length,
      orphaned: drafts.filter((d) => !d.cardActivityId).length + Math.max(0, drafts.length - 20),
    });

    // 300 first messages from 300 new conversations at once.
    const ids = Array.from({ length: 300 }, (_, i) => `a:personal-${i}-${randomUUID()}`);
    const messages = await Promise.all(
      ids.map((id, i) =>
        post(urlOf(i), {
          type: 'message',
          id: randomUUID(),
          channelId: 'msteams',
          serviceUrl,
          text: 'hallo',
          from: { id: `29:new-${i}`, name: `Nieuw ${i}`, aadObjectId: `aad-new-${i}` },
          recipient: { id: 'bot', name: 'Adviesbot' },
          conversation: { id, conversationType: 'personal' },
        }),
      ),
    );
    const known = new Set((await listConversations(c.store)).map((x) => x.reference.conversation?.id));
    cases.push({ name: 'conversation refs', total: 300, acknowledged: messages.filter((r) => r.status === 200 || r.status === 202).length, visible: ids.filter((id) => known.has(id)).length, orphaned: 0 });
  } finally {
    for (const a of apps) a.app.close();
    connector.close();
    await azurite.stop();
  }
  return cases;
}

export function blobLine(cases: BlobCase[]): string {
  const by = (n: string): BlobCase => cases.find((c) => c.name === n)!;
  const c = by('comments');
  const d = by('drafts');
  const r = by('conversation refs');
  return `blob: comments ${c.visible}/${c.total} visible, drafts ${d.visible}/${d.total} visible, conversation refs ${r.visible}/${r.total}, orphaned ${c.orphaned + d.orphaned + r.orphaned}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`bench:blob — ${new Date().toISOString()} — ${machine()}`);
  let ok = true;
  for (const instances of [1, 2] as const) {
    const cases = await runBlobBench(instances);
    console.log(`${instances} instance${instances === 1 ? '' : 's'} on one Azurite container:`);
    for (const c of cases) console.log(`  ${c.name}: ${c.acknowledged}/${c.total} acknowledged, ${c.visible}/${c.total} visible, ${c.orphaned} orphaned`);
    const line = blobLine(cases);
    console.log(line);
    ok &&= cases.every((c) => c.visible === c.total && c.acknowledged === c.total && c.orphaned === 0);
  }
  process.exit(ok ? 0 : 1);
}
