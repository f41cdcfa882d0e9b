import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveConversationReference } from '../../src/bot/conversations.js';
import { compose, type Composition } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { parseDeadlineForm } from '../../src/domain/deadlines/deadline.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
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
  let c: Composition;
  let base = '';
  beforeAll(async () => {
    const store = new MemoryStore();
    c = compose(
      loadConfig({ STORAGE: 'memory', MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppTenantId: TENANT, PUBLIC_URL: 'https://adviesbot.example.nl' }),
      memoryLogger('silent').logger,
      { kb: realKnowledgeBase(), store, now: () => TODAY, draftChannel: new FakeDraftChannel([{ id: 'aad-member', name: 'Lid' }]), tabKeys: createLocalJWKSet({ keys: [jwk] }) },
    );
    await saveConversationReference(store, { serviceUrl: 'https://smba.example/', channelId: 'msteams', conversation: { id: '19:kanaal@thread.tacv2', isGroup: true, conversationType: 'channel', name: 'k' } }, 'installationUpdate', new Date(), TEAM);
    const form = parseDeadlineForm({ title: 'Advies Wmo-verordening', dueDate: '2026-12-16' }, TODAY);
    if (!form.ok) throw new Error('form');
    await c.register.add(form.value, { id: 'o', name: 'Secretaris' }, '19:kanaal@thread.tacv2', TEAM);
    await new Promise<void>((resolve) => c.app.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(c.app.address() as AddressInfo).port}`;
  });
  afterAll(() => c.app.close());

  const overview = async (auth?: string, scope = TEAM) =>
    fetch(`${base}/api/tab/overview?scope=${encodeURIComponent(scope)}`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} });

  it('serves a team member their team\u2019s deadlines with a valid token', async () => {
    const res = await overview(await token());
    expect(res.status).toBe(200);
    const body = (await res.json()) as { mode: string; deadlines: Array<{ title: string; left: string }> };
    expect(body.mode).toBe('teams');
    expect(body.deadlines).toMatchObject([{ title: 'Advies Wmo-verordening', left: 'nog 23 dagen' }]);
  });

  it('never answers without a valid token: none, wrong audience, wrong issuer, other tenant, expired', async () => {
    expect((await overview()).status).toBe(401);
    expect((await overview(await token({ aud: 'api://iets-anders' }))).status).toBe(401);
    expect((await overview(await token({ iss: 'https://evil.example/v2.0' }))).status).toBe(401);
    const other = 'ffffffff-0000-0000-0000-000000000000';
    expect((await overview(await token({ tid: other }))).status).toBe(401);
    expect((await overview(await token({ exp: Math.floor(Date.now() / 1000) - 3600 }))).status).toBe(401);
    expect((await fetch(`${base}/api/tab/search?q=bar`)).status).toBe(401);
  });

  it('refuses a signed-in user who is not a member of the team, and shows no team data without a team', async () => {
    expect((await overview(await token({ oid: 'aad-stranger' }))).status).toBe(403);
    const personal = await fetch(`${base}/api/tab/overview`, { headers: { authorization: `Bearer ${await token()}` } });
    expect(((await personal.json()) as { deadlines: unknown[] }).deadlines).toEqual([]);
  });

  it('searches the knowledge base with the bot\u2019s retrieval', async () => {
    const res = await fetch(`${base}/api/tab/search?q=${encodeURIComponent('wat is de deadline voor het BAR-advies?')}`, { headers: { authorization: `Bearer ${await token()}` } });
    expect(await res.json()).toMatchObject({ kind: 'answer', date: '1 oktober 2025 (verstreken, 418 dagen geleden)' });
  });
});
