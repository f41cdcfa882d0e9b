// Screenshots of the bot's Adaptive Cards as a Teams user would roughly see them (light theme, chat width),
// rendered offline with the Adaptive Cards JS renderer in headless Chromium.
//   npm run render:cards                         -> build/cards/<name>.png
//   CHROMIUM=/path/to/chromium npm run render:cards
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.js';
import { renderHelp, renderQaResult, type AdaptiveCard } from '../src/bot/cards.js';
import { renderDeadline, renderDeadlineForm, renderDeadlineList, renderReminder } from '../src/bot/deadline-cards.js';
import { SAMPLE_DEADLINE } from '../test/support/sample-deadline.js';
import { QuestionAnswerer } from '../src/domain/knowledge/qa.js';
import { loadKnowledgeFromDisk } from '../src/knowledge-files.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HERE = fileURLToPath(new URL('./render-cards/', import.meta.url));
const OUT = join(ROOT, 'build', 'cards');
const require = createRequire(import.meta.url);
const RENDERER = join(dirname(require.resolve('adaptivecards/package.json')), 'dist', 'adaptivecards.min.js');
const EXECUTABLE = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The fixed "today" of the tests: 23 November 2026, noon in Amsterdam. */
const NOW = new Date('2026-11-23T12:00:00+01:00');

function cards(): Array<[name: string, card: AdaptiveCard]> {
  const kb = loadKnowledgeFromDisk();
  const qa = new QuestionAnswerer(kb, { now: () => NOW });
  const ask = (q: string): AdaptiveCard => renderQaResult(qa.ask(q));
  const expectKind = (q: string, kind: string): void => {
    const got = qa.ask(q).kind;
    if (got !== kind) console.warn(`let op: "${q}" gaf een ${got}-kaart, verwacht ${kind}`);
  };
  const samples: Array<[string, string, string]> = [
    ['answer-deadline', 'wat is de deadline voor het BAR-advies?', 'answer'],
    ['answer-budget', 'hoeveel geld gaat naar participatiecoaching?', 'answer'],
    ['answer-list', 'welke focusgroepen zijn er?', 'answer'],
    // Two source documents, one of them with a link.
    ['answer-sources', 'welke gemeenten doen mee aan de MGR?', 'answer'],
    ['unknown', 'wat is de hoofdstad van Peru?', 'unknown'],
    ['upcoming', 'welke deadlines komen eraan?', 'upcoming'],
  ];
  const out: Array<[string, AdaptiveCard]> = samples.map(([name, q, kind]) => {
    expectKind(q, kind);
    return [name, ask(q)];
  });
  const none = new QuestionAnswerer(kb, { now: () => new Date('2030-01-01T12:00:00+01:00') });
  out.push(['upcoming-none', renderQaResult(none.ask('welke deadlines komen eraan?'))]);
  out.push(['help', renderHelp(qa.entryCount, kb.documents.size)]);
  const d = SAMPLE_DEADLINE;
  out.push(['deadline-form', renderDeadlineForm({})]);
  out.push(['deadline-form-errors', renderDeadlineForm({ values: { title: '', dueDate: '2026-11-20' }, errors: { title: 'Vul een titel in.', dueDate: 'Deze datum en tijd liggen in het verleden.' } })]);
  out.push(['deadline-saved', renderDeadline(d, NOW, { status: 'Opgeslagen. Herinneringen gaan naar dit gesprek.' })]);
  out.push(['reminder', renderReminder({ deadline: d, reminder: { deadlineId: d.id, conversationId: 'c1', slot: 'd7-2026-12-09', daysBefore: 7, at: '2026-12-09T08:00:00.000Z', snooze: false }, daysLeft: 7, late: true }, new Date('2026-12-09T11:00:00+01:00'))]);
  const upcoming = qa.upcoming();
  out.push(['deadline-list', renderDeadlineList({ deadlines: [d], known: upcoming.kind === 'upcoming' ? upcoming.items : [], now: NOW, today: '23 november 2026', canManage: true, failures: new Map([[d.id, '1 herinnering(en) niet afgeleverd: HTTP 403']]) })]);
  return out;
}

interface RenderReport {
  orientation: string;
  truncated: string[];
  clipped: string[];
  errors: string[];
  buttons: number;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const hostConfig: unknown = JSON.parse(readFileSync(join(HERE, 'teams-light.hostconfig.json'), 'utf8'));
  const html = readFileSync(join(HERE, 'page.html'), 'utf8');

  const browser = await launchChromium(EXECUTABLE);
  try {
    const context = await browser.newContext({ viewport: { width: 560, height: 400 }, deviceScaleFactor: 2, locale: 'nl-NL' });
    // No network: the page, the renderer and the host script are all local; anything else is refused.
    await context.route(/^(https?|wss?|ftp):/, (route) => route.abort());
    let problems = 0;
    const seen = new Set<string>();
    for (const [name, card] of cards()) {
      const page = await context.newPage();
      page.on('pageerror', (e) => {
        problems++;
        console.error(`${name}: fout in de pagina: ${e.message}`);
      });
      await page.setContent(html, { waitUntil: 'load' });
      await page.addScriptTag({ path: RENDERER });
      await page.addScriptTag({ path: join(HERE, 'host.js') });
      await page.evaluate('document.fonts.ready');
      // renderTeamsCard is defined by render-cards/host.js in the page.
      const report = await page.evaluate(
        ([c, h]) => (globalThis as unknown as { renderTeamsCard: (c: unknown, h: unknown) => RenderReport }).renderTeamsCard(c, h),
        [card, hostConfig] as const,
      );
      const file = join(OUT, `${name}.png`);
      await page.locator('#shot').screenshot({ path: file });
      await page.close();
      const notes = [
        report.buttons ? `${report.buttons} knoppen ${report.orientation === 'vertical' ? 'onder elkaar' : 'naast elkaar'}` : 'geen knoppen',
        ...report.truncated.map((t) => `knoptitel afgekapt: "${t}"`),
        ...report.clipped.map((t) => `tekst afgesneden: "${t}"`),
        ...report.errors.filter((e) => !seen.has(e)).map((e) => `renderer: ${e}`),
      ];
      problems += report.truncated.length + report.clipped.length + report.errors.filter((e) => !seen.has(e)).length;
      report.errors.forEach((e) => seen.add(e));
      console.log(`${file}\n  ${notes.join('\n  ')}`);
    }
    if (problems) console.log(`\n${problems} opmerking(en) over de weergave; zie hierboven.`);
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
