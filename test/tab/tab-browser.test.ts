import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from '../../scripts/chromium.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, type Composition } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { parseDeadlineForm } from '../../src/domain/deadlines/deadline.js';
import { parseDraftForm } from '../../src/domain/drafts/draft.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
import { adviesaanvraagPdf } from '../support/documents.js';
import { FakeDraftChannel } from '../support/fake-draft-channel.js';
import { realKnowledgeBase, TODAY } from '../support/kb.js';
import { memoryLogger } from '../support/logs.js';
import { damagedPdf, makePdf } from '../support/pdf.js';

const CHROMIUM = CHROMIUM_PATH;
// CI installs Chromium and sets REQUIRE_BROWSER=1, so there this test can never be skipped.
const runBrowser = existsSync(CHROMIUM) || process.env.REQUIRE_BROWSER === '1';
const require = createRequire(import.meta.url);

/** The serious and critical accessibility problems axe-core finds on the page. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string }> }> } }).axe;
    return (await axe.run()).violations.map((v) => `${v.impact}: ${v.id}`);
  });
  return violations.filter((v) => v.startsWith('serious') || v.startsWith('critical'));
}

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

    expect(await seriousViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'build/tab-phone.png', fullPage: true });
    await page.close();
  }, 60_000);

  it('lets an organiser upload a document: listed for members, answered from, bad files refused in Dutch', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1200 }, locale: 'nl-NL' });
    await page.goto(`${base}/tab/adviesdossier`);
    await page.waitForSelector('#upload:not([hidden])');
    expect(await page.textContent('#documenten-leeg')).toContain('nog geen documenten');
    const upload = async (name: string, buffer: Buffer, fields: Record<string, string> = {}) => {
      await page.setInputFiles('#bestand', { name, mimeType: 'application/octet-stream', buffer });
      for (const [id, value] of Object.entries(fields)) await page.fill(`#${id}`, value);
      await page.click('#upload button[type=submit]');
      await page.waitForSelector('#upload button:not([disabled])');
    };

    await upload('kapot.pdf', damagedPdf());
    expect(await page.textContent('#upload-fout')).toContain('geen leesbare PDF');
    await upload('scan.pdf', makePdf({ pages: [[]], drawing: true }));
    expect(await page.textContent('#upload-fout')).toContain('scan zonder tekstlaag');
    expect(await c.documentStore.list()).toEqual([]);

    await upload('aanvraag.pdf', adviesaanvraagPdf(), { auteur: 'Gemeente Wijchen' });
    await page.waitForSelector('#documenten tbody tr');
    expect(await page.isHidden('#upload-fout')).toBe(true);
    const result = await page.textContent('#upload-resultaat');
    expect(result).toContain('Document toegevoegd');
    expect(result).toContain('15 januari 2027: advies, adviesraad (pagina 2)');
    expect(result).toContain('Deadlines uit dit document');
    const row = await page.textContent('#documenten tbody tr');
    for (const text of ['Adviesaanvraag verordening Wmo-hulpmiddelen 2027', '1 december 2026', 'Gemeente Wijchen', '2']) expect(row).toContain(text);
    // The bot answers from it at once.
    expect(c.passages.documentIds()).toHaveLength(1);
    await page.screenshot({ path: 'build/tab-upload.png', fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await upload('kopie.pdf', adviesaanvraagPdf());
    expect(await page.textContent('#upload-fout')).toContain('Dit document is er al');
    // A new version, chosen from the list: the old one leaves the list and the index.
    const [v1] = await c.documentStore.list();
    await page.selectOption('#vervangt', v1!.id);
    await upload('aanvraag-v2.pdf', adviesaanvraagPdf({ version: 2 }));
    await page.waitForSelector('.added h4');
    expect(await page.textContent('.added h4')).toBe('Nieuwe versie toegevoegd');
    expect(await page.locator('#documenten tbody tr').count()).toBe(1);
    expect(await page.textContent('#documenten tbody tr')).toContain('8 december 2026');
    expect(c.passages.documentIds()).not.toContain(v1!.id);
    await page.close();
  }, 60_000);
});
