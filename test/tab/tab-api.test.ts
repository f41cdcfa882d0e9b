import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveConversationReference } from '../../src/bot/conversations.js';
import { compose, type Composition } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { parseDeadlineForm } from '../../src/domain/deadlines/deadline.js';
import { MAX_DOCUMENT_BYTES } from '../../src/domain/documents/extract.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
import { adviesaanvraagPdf } from '../support/documents.js';
import { FakeDraftChannel } from '../support/fake-draft-channel.js';
import { realKnowledgeBase, TODAY } from '../support/kb.js';
import { memoryLogger } from '../support/logs.js';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const TENANT = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const TEAM = '19:team@thread.skype';
const { publicKey, privateKey } = await generateKeyPair('RS256');
const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256' };

async function token(overrides: { aud?: string; iss?: string; tid?: string; oid?: string; exp?: number } = {}): Promise<string> {
  const tid = overrides.tid ?? TENANT;
  return new SignJWT({ tid, oid: overrides.oid ?? 'aad-member', name: 'Lid' })
    .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
    .setIssuer(overrides.iss ?? `https://login.microsoftonline.com/${tid}/v2.0`)
    .setAudience(overrides.aud ?? `api://adviesbot.example.nl/${APP_ID}`)
    .setIssuedAt()
    .setExpirationTime(overrides.exp ?? Math.floor(Date.now() / 1000) + 600)
    .sign(privateKey);
}

describe('tab API with single sign-on', () => {
  const sent: Array<{ conversationId: string; card: unknown }> = [];
  let c: Composition;
  let base = '';
  beforeAll(async () => {
    const store = new MemoryStore();
    c = compose(
      loadConfig({ STORAGE: 'memory', MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppTenantId: TENANT, PUBLIC_URL: 'https://adviesbot.example.nl' }),
      memoryLogger('silent').logger,
      {
        kb: realKnowledgeBase(),
        store,
        now: () => TODAY,
        draftChannel: new FakeDraftChannel([
          { id: 'aad-member', name: 'Lid' },
          { id: 'aad-owner', name: 'Eigenaar', role: 'owner' },
        ]),
        tabKeys: createLocalJWKSet({ keys: [jwk] }),
        notifier: { toOrganisers: async () => true, toConversation: async (conversationId, card) => void sent.push({ conversationId, card }) },
      },
    );
    // The owner's personal chat with the bot, where the proposals of a document added in the tab go.
    await saveConversationReference(store, { serviceUrl: 'https://smba.example/', channelId: 'msteams', conversation: { id: 'a:persoonlijk-eigenaar', conversationType: 'personal', isGroup: false, name: '' }, user: { id: '29:owner', name: 'Eigenaar', aadObjectId: 'aad-owner' } }, 'installationUpdate', new Date());
    await saveConversationReference(store, { serviceUrl: 'https://smba.example/', channelId: 'msteams', conversation: { id: '19:kanaal@thread.tacv2', isGroup: true, conversationType: 'channel', name: 'k' } }, 'installationUpdate', new Date(), TEAM);
    const form = parseDeadlineForm({ title: 'Advies Wmo-verordening', dueDate: '2026-12-16' }, TODAY);
    if (!form.ok) throw new Error('form');
    await c.register.add(form.value, { id: 'o', name: 'Secretaris' }, '19:kanaal@thread.tacv2', TEAM);
    await new Promise<void>((resolve) => c.app.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(c.app.address() as AddressInfo).port}`;
  });
  afterAll(() => c.app.close());

  const overviewAs = async (auth?: string, scope = TEAM) =>
    fetch(`${base}/api/tab/overview?scope=${encodeURIComponent(scope)}`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} });

  it('serves a team member their team\u2019s deadlines with a valid token', async () => {
    const res = await overviewAs(await token());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { mode: string; deadlines: Array<{ title: string; left: string }> };
    expect(body.mode).toBe('teams');
    expect(body.deadlines).toMatchObject([{ title: 'Advies Wmo-verordening', left: 'nog 23 dagen' }]);
  });

  it('never answers without a valid token: none, wrong audience, wrong issuer, other tenant, expired', async () => {
    expect((await overviewAs()).status).toBe(401);
    expect((await overviewAs(await token({ aud: 'api://iets-anders' }))).status).toBe(401);
    expect((await overviewAs(await token({ iss: 'https://evil.example/v2.0' }))).status).toBe(401);
    const other = 'ffffffff-0000-0000-0000-000000000000';
    expect((await overviewAs(await token({ tid: other }))).status).toBe(401);
    expect((await overviewAs(await token({ exp: Math.floor(Date.now() / 1000) - 3600 }))).status).toBe(401);
    expect((await fetch(`${base}/api/tab/search?q=bar`)).status).toBe(401);
  });

  it('refuses a signed-in user who is not a member of the team, and shows no team data without a team', async () => {
    expect((await overviewAs(await token({ oid: 'aad-stranger' }))).status).toBe(403);
    const personal = await fetch(`${base}/api/tab/overview`, { headers: { authorization: `Bearer ${await token()}` } });
    expect(((await personal.json()) as { deadlines: unknown[] }).deadlines).toEqual([]);
  });

  it('searches the knowledge base with the bot\u2019s retrieval', async () => {
    const res = await fetch(`${base}/api/tab/search?q=${encodeURIComponent('wat is de deadline voor het BAR-advies?')}`, { headers: { authorization: `Bearer ${await token()}` } });
    expect(await res.json()).toMatchObject({ kind: 'answer', date: '1 oktober 2025 (verstreken, 418 dagen geleden)' });
  });

  describe('document upload', () => {
    const upload = async (auth: string | undefined, body: Uint8Array, name = 'aanvraag.pdf') =>
      fetch(`${base}/api/tab/documents?scope=${encodeURIComponent(TEAM)}&name=${encodeURIComponent(name)}`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/octet-stream', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      });

    it('is for organisers only: a member gets 403 in Dutch, no token 401, and nothing is stored', async () => {
      expect((await upload(undefined, adviesaanvraagPdf())).status).toBe(401);
      const member = await upload(await token(), adviesaanvraagPdf());
      expect(member.status).toBe(403);
      expect(((await member.json()) as { error: string }).error).toMatch(/Alleen organisatoren/);
      const overview = (await (await overviewAs(await token())).json()) as { organiser: boolean };
      expect(overview.organiser).toBe(false);
      expect(await c.documentStore.list()).toEqual([]);
    });

    it('takes a team owner\u2019s file into the same store, and sends the deadlines to their personal chat', async () => {
      expect(((await (await overviewAs(await token({ oid: 'aad-owner' }))).json()) as { organiser: boolean }).organiser).toBe(true);
      const unknown = await upload(await token({ oid: 'aad-owner' }), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), 'foto.png');
      expect(unknown.status).toBe(400);
      expect(((await unknown.json()) as { error: string }).error).toMatch(/Dit soort bestand ken ik niet/);
      const res = await upload(await token({ oid: 'aad-owner' }), adviesaanvraagPdf());
      expect(res.status).toBe(201);
      const body = (await res.json()) as { document: { title: string; addedBy: string }; proposalsSent: boolean };
      expect(body.document).toMatchObject({ title: 'Adviesaanvraag verordening Wmo-hulpmiddelen 2027', addedBy: 'Lid' });
      expect(body.proposalsSent).toBe(true);
      expect(sent.map((s) => s.conversationId)).toEqual(['a:persoonlijk-eigenaar']);
      expect(JSON.stringify(sent[0]!.card)).toContain('Deadlines in het document');
      const [stored] = await c.documentStore.list();
      expect(stored).toMatchObject({ teamId: TEAM, conversationId: '19:kanaal@thread.tacv2' });
      expect(c.passages.documentIds()).toEqual([stored!.id]);
      const again = await upload(await token({ oid: 'aad-owner' }), adviesaanvraagPdf());
      expect(again.status).toBe(409);
      expect(((await again.json()) as { error: string }).error).toMatch(/Dit document is er al/);
      // Members see the list.
      const listed = (await (await overviewAs(await token())).json()) as { documents: Array<{ title: string; date: string; pages: number }> };
      expect(listed.documents).toMatchObject([{ title: 'Adviesaanvraag verordening Wmo-hulpmiddelen 2027', date: '1 december 2026', pages: 2 }]);
    });

    it('refuses a file over 20 MB before reading it, storing nothing', async () => {
      const res = await upload(await token({ oid: 'aad-owner' }), Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x20), 'groot.pdf').catch(() => undefined);
      // The server answers at once and closes the connection; a client still sending may see only the close.
      if (res) {
        expect(res.status).toBe(413);
        expect(((await res.json()) as { error: string }).error).toMatch(/het maximum is 20 MB/);
      }
      expect((await c.documentStore.list()).map((d) => d.fileName)).not.toContain('groot.pdf');
    });
  });
});
