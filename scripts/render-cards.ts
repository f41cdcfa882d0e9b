// Screenshots of the bot's Adaptive Cards as a Teams user would roughly see them (light theme, chat width),
// rendered offline with the Adaptive Cards JS renderer in headless Chromium.
//   npm run render:cards                         -> build/cards/<name>.png
//   CHROMIUM=/path/to/chromium npm run render:cards
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.js';
import { countKnowledge, renderHelp, renderQaResult, type AdaptiveCard } from '../src/bot/cards.js';
import { renderDeadline, renderDeadlineForm, renderDeadlineList, renderReminder } from '../src/bot/deadline-cards.js';
import { renderComments, renderDraft, renderDraftForm, renderDraftPosted, renderExport } from '../src/bot/draft-cards.js';
import { CurationFeature } from '../src/bot/curation-feature.js';
import { CurationStore } from '../src/domain/curation/curation-store.js';
import type { DraftAdvice } from '../src/domain/drafts/draft.js';
import type { Tally } from '../src/domain/drafts/draft-store.js';
import { MemoryStore } from '../src/storage/memory-storage.js';
import { deadlineAsKnowledge } from '../src/domain/deadlines/as-knowledge.js';
import pino from 'pino';
import { SAMPLE_DEADLINE, SAMPLE_DRAFT } from '../test/support/sample-deadline.js';
import { adviesaanvraagPdf } from '../test/support/documents.js';
import { renderAdded, renderDocumentAnswer, renderDocumentList, renderProposals, replacedText } from '../src/bot/document-cards.js';
import { answerFromDocuments } from '../src/domain/documents/answer.js';
import { DocumentStore } from '../src/domain/documents/document-store.js';
import { PassageIndex } from '../src/domain/documents/passage-index.js';
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

async function cards(): Promise<Array<[name: string, card: AdaptiveCard]>> {
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
    // A numbered list in the answer ("1. Geen zienswijze ...").
    ['answer-numbered', 'wat besloot het college van Nijmegen over de DVO?', 'answer'],
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
  const d = SAMPLE_DEADLINE;
  // A deadline added in Teams: counted apart on the help card, and a natural question on a related button.
  qa.upsert([deadlineAsKnowledge({ ...d, id: 'zienswijze1', title: 'Zienswijze DVO: reactie Beuningen', kind: 'zienswijze', dueDate: '2026-12-04', description: 'Het college van Beuningen vraagt de adviesraad om een zienswijze op de ontwerp-DVO.' }, NOW)]);
  out.push(['help', renderHelp(countKnowledge(qa.retriever.ids(), kb.documents.size))]);
  out.push(['answer-register', ask('wanneer is de zienswijze van Beuningen?')]);
  out.push(['deadline-form', renderDeadlineForm({})]);
  out.push(['deadline-form-errors', renderDeadlineForm({ values: { title: '', dueDate: '2026-11-20' }, errors: { title: 'Vul een titel in.', dueDate: 'Deze datum en tijd liggen in het verleden.' } })]);
  out.push(['deadline-saved', renderDeadline(d, NOW, { status: 'Opgeslagen. Herinneringen gaan naar dit gesprek.' })]);
  out.push(['reminder', renderReminder({ deadline: d, reminder: { deadlineId: d.id, conversationId: 'c1', slot: 'd7-2026-12-09', daysBefore: 7, at: '2026-12-09T08:00:00.000Z', snooze: false }, daysLeft: 7, late: true }, new Date('2026-12-09T11:00:00+01:00'))]);
  const upcoming = qa.upcoming();
  out.push(['reminder-today', renderReminder({ deadline: d, reminder: { deadlineId: d.id, conversationId: 'c1', slot: 'd0-2026-12-16', daysBefore: 0, at: '2026-12-16T08:00:00.000Z', snooze: false }, daysLeft: 0, late: false }, new Date('2026-12-16T09:00:00+01:00'))]);
  const known = upcoming.kind === 'upcoming' ? upcoming.items.filter((i) => !i.id.startsWith('register-')) : [];
  out.push(['deadline-list', renderDeadlineList({ deadlines: [d], known, now: NOW, today: '23 november 2026', canManage: true, failures: new Map([[d.id, '1 herinnering is niet afgeleverd: gesprek niet meer bereikbaar (HTTP 403).']]) })]);
  out.push(['deadline-list-empty', renderDeadlineList({ deadlines: [], known: [], now: NOW, today: '23 november 2026', canManage: false })]);

  const draft: DraftAdvice = SAMPLE_DRAFT;
  const tally: Tally = { counts: { eens: 3, 'eens-met-aanpassingen': 2, oneens: 1, onthouding: 0 }, total: 6, reasons: [{ choice: 'oneens', reason: 'Te vaag over wie het doet.', name: 'An de Vries' }] };
  out.push(['draft-form-channel', renderDraftForm({}, {}, 'channel')]);
  out.push(['draft-form-group-chat', renderDraftForm({}, {}, 'groupChat')]);
  out.push(['draft-form-personal', renderDraftForm({}, {}, 'personal')]);
  out.push(['draft-form-errors', renderDraftForm({ number: 'x', title: '', closeDate: '2026-11-20' }, { number: 'Vul een nummer in zoals 1.2 of 3.', title: 'Vul een titel in.', closeDate: 'De stemming moet minstens een uur openstaan.' }, 'groupChat')]);
  out.push(['draft-posted', renderDraftPosted(draft, 'Het staat hieronder in deze chat. Leden stemmen en reageren op die kaart.')]);
  out.push(['draft', renderDraft({ draft, tally, comments: 4, now: NOW, members: 10 })]);
  out.push(['draft-voted-organiser', renderDraft({ draft, tally, comments: 4, now: NOW, members: 10, mine: { choice: 'eens', at: '' }, canClose: true, notice: 'Dank je, je stem is opgeslagen.' })]);
  out.push(['draft-vote-refused', renderDraft({ draft, tally, comments: 4, now: NOW, members: 10, problem: 'Geef bij Oneens kort aan waarom. Je stem is nog niet opgeslagen.', entered: { choice: 'oneens', reason: '' } })]);
  out.push(['draft-export-notice', renderDraft({ draft, tally, comments: 4, now: NOW, members: 10, mine: { choice: 'eens', at: '' }, notice: 'De downloadlinks staan in een apart bericht hieronder (24 uur geldig).' })]);
  out.push(['draft-closed', renderDraft({ draft: { ...draft, state: 'closed', closedAt: '2026-11-30T16:00:00.000Z', outcome: 'Het adviesorgaan neemt 1.2 over, met meetbare doelen.' }, tally, comments: 4, now: NOW, members: 10 })]);
  out.push(['draft-comments', renderComments(draft, [
    { messageId: 'm1', authorId: 'a', authorName: 'An de Vries', text: 'Eens, maar maak het meetbaar.', at: '2026-11-23T12:00:00.000Z' },
    { messageId: 'm2', authorId: 'b', authorName: 'Bo Jansen', text: `${'Een lange reactie in de draad. '.repeat(8)}…`, at: '2026-11-23T13:10:00.000Z', editedAt: '2026-11-23T13:20:00.000Z', shortened: true },
  ])]);
  out.push(['draft-comments-none', renderComments(draft, [])]);
  out.push(['draft-export', renderExport(draft, [
    { label: 'Word (.docx)', url: 'https://adviesbot.example.nl/export/x/deeladvies-1.2.docx' },
    { label: 'Markdown (.md)', url: 'https://adviesbot.example.nl/export/x/deeladvies-1.2.md' },
    { label: 'CSV (.csv)', url: 'https://adviesbot.example.nl/export/x/deeladvies-1.2.csv' },
  ])]);
  const curation = new CurationFeature({
    curation: new CurationStore(new MemoryStore()),
    qa,
    kb,
    organisers: { isOrganiser: async () => true },
    notifier: { toOrganisers: async () => true, toConversation: async () => undefined },
    now: () => NOW,
    logger: pino({ level: 'silent' }),
  });
  const open = { id: 'q1', text: 'Wat kost een advies van de BAR?', asker: { id: 'a', name: 'An de Vries', conversationId: 'c' }, askers: [{ id: 'a', name: 'An de Vries', conversationId: 'c' }, { id: 'b', name: 'Bo Jansen', conversationId: 'd' }], count: 2, askedAt: NOW.toISOString(), reason: 'onbekend' as const, escalated: true, state: 'open' as const };
  out.push(['curation-question', await curation.questionCard(open, '', '', {}, { id: 'b', name: 'Bo Jansen', where: 'in een persoonlijke chat', at: NOW.toISOString() })]);
  out.push(['curation-question-answered', await curation.questionCard({ ...open, state: 'beantwoord' }, 'Beantwoord door Secretaris en toegevoegd aan de kennisbank. De vrager heeft het antwoord gekregen.')]);
  out.push(['unknown-escalate', renderQaResult(qa.ask('wat is de hoofdstad van Peru?'), { questionId: 'q1', question: 'wat is de hoofdstad van Peru?' })]);

  // Documents added by an organiser (the made-up adviesaanvraag of the tests, and its second version).
  const documents = new DocumentStore(new MemoryStore(), () => NOW);
  const secretaris = { id: 'o', name: 'Sanne Secretaris' };
  const v1 = await documents.add({ bytes: adviesaanvraagPdf(), fileName: 'aanvraag.pdf', author: 'Gemeente Wijchen', addedBy: secretaris });
  const index = new PassageIndex((text) => qa.retriever.analyzer.indexTerms(text));
  index.put(v1.document, v1.passages);
  const question = 'Krijg ik een scootmobiel in bruikleen of in eigendom?';
  const fromDocument = answerFromDocuments(qa.ask(question), question, index);
  if (fromDocument) out.push(['document-answer', renderDocumentAnswer(fromDocument, { organiser: true })]);
  else console.warn(`let op: "${question}" gaf geen antwoord uit het document`);
  out.push(['document-added', renderAdded(v1.document, v1.proposals.length)]);
  out.push(['document-proposals', renderProposals(v1.document, v1.proposals)]);
  await documents.handleProposal(v1.document.id, 2, (p) => ({ ...p, state: 'toegevoegd', handledBy: secretaris.name }));
  const v2 = await documents.add({ bytes: adviesaanvraagPdf({ version: 2 }), fileName: 'aanvraag-v2.pdf', addedBy: secretaris });
  const citing = 'Deze vaste antwoorden noemen het als bron; kijk of ze nog kloppen: “Hoe krijg ik een scootmobiel?”.';
  out.push(['document-new-version', renderAdded(v2.document, v2.proposals.filter((p) => p.state === 'open').length, replacedText(v1.document, citing))]);
  out.push(['document-list', renderDocumentList(await documents.list(), { organiser: true })]);
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
    for (const [name, card] of await cards()) {
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
      // Teams never wraps a button title: measure each title against the room its button has.
      const cut = (await page.evaluate(`[...document.querySelectorAll('.ac-pushButton')]
        .filter((b) => {
          const style = getComputedStyle(b);
          const room = b.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          const ctx = document.createElement('canvas').getContext('2d');
          ctx.font = style.fontWeight + ' ' + style.fontSize + ' ' + style.fontFamily;
          return ctx.measureText(b.textContent.trim()).width > room + 0.5;
        })
        .map((b) => b.textContent.trim())`)) as string[];
      for (const t of cut) if (!report.truncated.includes(t)) report.truncated.push(t);
      // The renderer checks "lang" with a global regular expression (/^[a-z]{2,3}$/gi) whose lastIndex carries over
      // to the next parse in the page: the second drawing of a card (stacked, when its buttons did not fit side by
      // side) is said to have an invalid "lang": "nl". It is valid.
      report.errors = report.errors.filter((e) => e !== 'Invalid value "nl" for property "lang".');
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
