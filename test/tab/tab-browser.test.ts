import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from '../../scripts/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, type Composition } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { parseDeadlineForm } from '../../src/domain/deadlines/deadline.js';
import { parseDraftForm } from '../../src/domain/drafts/draft.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
import { FakeDraftChannel } from '../support/fake-draft-channel.js';
import { realKnowledgeBase, TODAY } from '../support/kb.js';
import { memoryLogger } from '../support/logs.js';

const CHROMIUM = CHROMIUM_PATH;
// CI installs Chromium and sets REQUIRE_BROWSER=1, so there this test can never be skipped.
const runBrowser = existsSync(CHROMIUM) || process.env.REQUIRE_BROWSER === '1';
const require = createRequire(import.meta.url);

describe.runIf(runBrowser)('Adviesdossier tab in a browser', () => {
  let c: Composition;
  let browser: Browser;
  let base = '';
  beforeAll(async () => {
    c = compose(loadConfig({ STORAGE: 'memory' }), memoryLogger('silent').logger, {
      kb: realKnowledgeBase(),
      store: new MemoryStore(),
      now: () => TODAY,
      draftChannel: new FakeDraftChannel([{ id: 'a', name: 'An' }]),
    });
    const actor = { id: 'o', name: 'Secretaris' };
    const d = parseDeadlineForm({ title: 'Advies over de Wmo-verordening', dueDate: '2026-12-16' }, TODAY);
    if (!d.ok) throw new Error('form');
    await c.register.add(d.value, actor, 'kanaal', 'team');
    const f = parseDraftForm({ number: '1.2', title: 'Participatiecoaching borgen', text: 'Tekst', closeDate: '2026-11-30', visibility: 'live' }, TODAY);
    if (!f.ok) throw new Error('form');
    const draft = await c.draftStore.create(f.value, actor, { conversationId: 'kanaal', scope: 'team', teamId: 'team' });
    for (const [i, choice] of ['eens', 'eens', 'oneens'].entries()) await c.draftStore.vote(draft, { id: `v${i}`, name: `V${i}` }, choice, choice === 'oneens' ? 'Te vaag' : '');
    await c.draftStore.addComment(draft.id, { messageId: 'm1', authorId: 'a', authorName: 'An', text: 'Meetbaar maken', at: TODAY.toISOString() });
    await new Promise<void>((resolve) => c.app.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(c.app.address() as AddressInfo).port}`;
    browser = await launchChromium(CHROMIUM);
    mkdirSync('build', { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    c?.app.close();
  });

  it('shows the next deadline, a draft\u2019s tally and a search answer, without serious accessibility problems', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
    await page.goto(`${base}/tab/adviesdossier`);
    await page.waitForSelector('#deadlines li');
    expect(await page.textContent('#mode')).toContain('Lokale ontwikkelmodus');
    const deadline = await page.textContent('#deadlines li');
    expect(deadline).toContain('16 december 2026 om 17:00');
    expect(deadline).toContain('nog 23 dagen');
    const draft = await page.textContent('.draft');
    expect(draft).toContain('Deeladvies 1.2: Participatiecoaching borgen');
    expect(draft).toMatch(/Eens\s*2/);
    expect(draft).toContain('1 reactie');
    await page.fill('#vraag', 'wat is de deadline voor het BAR-advies?');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.answer h3');
    expect(await page.textContent('#antwoord')).toContain('1 oktober 2025');
    await page.screenshot({ path: 'build/tab-desktop.png', fullPage: true });

    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string }> }> } }).axe;
      return (await axe.run()).violations.map((v) => `${v.impact}: ${v.id}`);
    });
    expect(violations.filter((v) => v.startsWith('serious') || v.startsWith('critical'))).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'build/tab-phone.png', fullPage: true });
    await page.close();
  }, 60_000);
});
