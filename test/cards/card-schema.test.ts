import { readdirSync } from 'node:fs';
import { validateCard } from '../support/card-schema.js';
import { describe, expect, it } from 'vitest';
import { BUTTON_FIT, buttonQuestionFor, CARDS_DIR, renderHelp, renderQaResult, separateLists, titleWithoutDate, type AdaptiveCard } from '../../src/bot/cards.js';
import { renderDeadline, renderDeadlineForm, renderDeadlineList, renderReminder } from '../../src/bot/deadline-cards.js';
import { SAMPLE_DEADLINE, SAMPLE_DRAFT } from '../support/sample-deadline.js';
import { renderComments, renderDraft, renderDraftForm, renderDraftPosted, renderExport } from '../../src/bot/draft-cards.js';
import type { DraftAdvice } from '../../src/domain/drafts/draft.js';
import type { Tally } from '../../src/domain/drafts/draft-store.js';
import { CurationFeature } from '../../src/bot/curation-feature.js';
import { CurationStore } from '../../src/domain/curation/curation-store.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
import { memoryLogger } from '../support/logs.js';
import { QuestionAnswerer } from '../../src/domain/knowledge/qa.js';
import { realKnowledgeBase, TODAY } from '../support/kb.js';
import { renderAdded, renderDocumentAnswer, renderDocumentList, renderProposals } from '../../src/bot/document-cards.js';
import type { DocumentMeta } from '../../src/domain/documents/document-store.js';
import type { DeadlineProposal } from '../../src/domain/documents/proposals.js';

const validate = validateCard;

const qa = new QuestionAnswerer(realKnowledgeBase(), { now: () => TODAY });
const deadline = SAMPLE_DEADLINE;
const draft: DraftAdvice = { ...SAMPLE_DRAFT, text: 'Het adviesorgaan adviseert vast te leggen dat participatiecoaching in omvang en methodiek blijft.', viewers: ['aad-1', 'aad-2'] };
const tally: Tally = { counts: { eens: 3, 'eens-met-aanpassingen': 2, oneens: 1, onthouding: 0 }, total: 6, reasons: [{ choice: 'oneens', reason: 'Te vaag', name: 'An' }] };

const documentMeta: DocumentMeta = {
  id: 'd5a693a3afdd',
  hash: 'd5a693a3afdd'.padEnd(64, '0'),
  title: 'Adviesaanvraag verordening Wmo-hulpmiddelen 2027',
  date: '2026-12-01',
  titleFromDocument: true,
  dateFromDocument: true,
  fileName: 'aanvraag.pdf',
  kind: 'pdf',
  pages: 2,
  passages: 5,
  bytes: 2400,
  addedBy: { id: 'aad-1', name: 'Secretaris' },
  addedAt: '2026-12-02T09:00:00.000Z',
  version: 1,
};
const passage = { id: 'd5a693a3afdd-4', n: 4, page: 2, paragraph: 5, text: 'Nieuw is dat inwoners een scootmobiel voortaan in bruikleen krijgen van de uitleenpool in Wijchen.' };
const proposal = (n: number, state: DeadlineProposal['state']): DeadlineProposal => ({
  n,
  expression: 'uiterlijk 15 januari 2027',
  sentence: 'Wij ontvangen uw advies graag uiterlijk 15 januari 2027.',
  date: n === 2 ? '2027-Q1' : '2027-01-15',
  dueDate: n === 2 ? '2027-03-31' : '2027-01-15',
  body: 'adviesraad',
  kind: 'advies',
  subject: 'Advies: Adviesaanvraag verordening Wmo-hulpmiddelen 2027',
  page: 2,
  paragraph: 6,
  ...(n === 2 ? { note: 'de tekst noemt het eerste kwartaal van 2027; voorgesteld is de laatste dag daarvan' } : {}),
  state,
});

/** Every card the bot sends, rendered with realistic data. */
const samples: Record<string, AdaptiveCard> = {
  'answer with a date': renderQaResult(qa.ask('wat is de deadline voor het BAR-advies?')),
  'answer without a date': renderQaResult(qa.ask('hoeveel geld gaat naar participatiecoaching?')),
  unknown: renderQaResult(qa.ask('wat is de hoofdstad van Peru?')),
  upcoming: renderQaResult(qa.ask('welke deadlines komen eraan?')),
  'upcoming, none': renderQaResult(new QuestionAnswerer(realKnowledgeBase(), { now: () => new Date('2030-01-01') }).ask('welke deadlines komen eraan?')),
  help: renderHelp({ entries: 140, documents: 8 }),
  'help, with answers and deadlines added in Teams': renderHelp({ entries: 156, documents: 8, curated: 2, deadlines: 1 }),
  'deadline form, new': renderDeadlineForm({}),
  'deadline form, with errors': renderDeadlineForm({ values: { title: '', dueDate: '2026-02-30' }, errors: { title: 'Vul een titel in.', dueDate: 'Deze datum bestaat niet.' } }),
  'deadline form, edit': renderDeadlineForm({ deadline }),
  deadline: renderDeadline(deadline, TODAY, { status: 'Opgeslagen.' }),
  reminder: renderReminder({ deadline, reminder: { deadlineId: deadline.id, conversationId: 'c1', slot: 'd7-2026-12-09', daysBefore: 7, at: '2026-12-09T08:00:00.000Z', snooze: false }, daysLeft: 7, late: true }, TODAY),
  'deadline list': renderDeadlineList({ deadlines: [deadline], known: [], now: TODAY, today: '23 november 2026', canManage: true, failures: new Map([[deadline.id, '1 herinnering niet afgeleverd: HTTP 502']]) }),
  'draft form': renderDraftForm(),
  'draft form, with errors': renderDraftForm({ number: 'x' }, { number: 'Vul een nummer in zoals 1.2 of 3.' }),
  'draft, not voted': renderDraft({ draft, tally, comments: 4, now: TODAY, members: 10 }),
  'draft, voted, organiser': renderDraft({ draft, tally, comments: 4, now: TODAY, members: 10, mine: { choice: 'eens', at: '' }, canClose: true, notice: 'Dank je, je stem is opgeslagen.' }),
  'draft, closed': renderDraft({ draft: { ...draft, state: 'closed', closedAt: '2026-11-30T16:00:00.000Z', outcome: 'Overgenomen met aanpassingen.' }, tally, comments: 4, now: TODAY, members: 10 }),
  'draft comments': renderComments(draft, [{ messageId: 'm', authorId: 'a', authorName: 'An', text: 'Eens, **maar** meetbaar maken', at: '2026-11-23T12:00:00.000Z' }]),
  'draft export': renderExport(draft, [{ label: 'Word (.docx)', url: 'https://adviesbot.example.nl/export/x/deeladvies-1.2.docx' }]),
  'curation question': await new CurationFeature({
    curation: new CurationStore(new MemoryStore()),
    qa,
    kb: realKnowledgeBase(),
    organisers: { isOrganiser: async () => true },
    notifier: { toOrganisers: async () => true, toConversation: async () => undefined },
    now: () => TODAY,
    logger: memoryLogger('silent').logger,
  }).questionCard({ id: 'q1', text: 'Wat kost een advies van de BAR?', asker: { id: 'a', name: 'An', conversationId: 'c' }, askedAt: TODAY.toISOString(), reason: 'onbekend', escalated: true, state: 'open' }),
  'unknown, with question id': renderQaResult(qa.ask('wat is de hoofdstad van Peru?'), { questionId: 'q1', question: 'wat is de hoofdstad van Peru?' }),
  'document answer, organiser': renderDocumentAnswer({ kind: 'document', question: 'Krijg ik een scootmobiel in bruikleen?', passage, document: documentMeta, confidence: 0.9, others: [] }, { organiser: true }),
  'document answer, member': renderDocumentAnswer({ kind: 'document', question: 'x', passage: { ...passage, page: undefined, section: 'Hulpmiddelen' }, document: { ...documentMeta, date: undefined, author: 'Gemeente Wijchen' }, confidence: 0.9, others: [] }, { organiser: false }),
  'document proposals': renderProposals(documentMeta, [proposal(1, 'open'), proposal(2, 'open'), proposal(3, 'toegevoegd')], { status: 'Toegevoegd.', errors: new Map([[2, 'Deze datum en tijd liggen in het verleden.']]) }),
  'document proposals, none': renderProposals(documentMeta, []),
  'document added': renderAdded(documentMeta, 2),
  'document list, organiser': renderDocumentList([documentMeta], { organiser: true, status: 'Verwijderd.' }),
  'document list, empty': renderDocumentList([], { organiser: false }),
  'deadline list, empty': renderDeadlineList({ deadlines: [], known: [], now: TODAY, today: '23 november 2026', canManage: false }),
  'draft form, group chat': renderDraftForm({}, {}, 'groupChat'),
  'draft form, personal chat': renderDraftForm({}, {}, 'personal'),
  'draft posted': renderDraftPosted(draft, 'Het staat hieronder in deze chat. Leden stemmen en reageren op die kaart.'),
  'draft, vote refused': renderDraft({ draft, tally, comments: 4, now: TODAY, members: 10, problem: 'Geef bij Oneens kort aan waarom.', entered: { choice: 'oneens', reason: '' } }),
  'draft comments, one shortened': renderComments(draft, [{ messageId: 'm', authorId: 'a', authorName: 'An', text: 'Lang…', at: '2026-11-23T12:00:00.000Z', shortened: true }]),
};

function walk(node: unknown, visit: (el: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node as Record<string, unknown>);
    Object.values(node).forEach((v) => walk(v, visit));
  }
}

describe('Adaptive Cards', () => {
  it('every template in cards/ is rendered by a test sample', () => {
    const templates = readdirSync(CARDS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace('.json', ''));
    const rendered = new Set(['answer', 'unknown', 'upcoming', 'help', 'deadline-form', 'deadline', 'deadline-list', 'draft-form', 'draft', 'draft-comments', 'draft-export', 'draft-posted', 'curation-question']);
    expect(templates.filter((t) => !rendered.has(t))).toEqual([]);
  });

  it('the schema check rejects a broken card', () => {
    expect(validate({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock' }] })).toBe(false);
    expect(validate({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Bestaatniet', text: 'x' }] })).toBe(false);
  });

  it.each(Object.entries(samples))('%s validates against the Adaptive Card 1.5 schema', (_name, card) => {
    const ok = validate(card);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each(Object.entries(samples))('%s is version 1.5, Dutch, with a fallback text and no unexpanded template', (_name, card) => {
    expect(card.version).toBe('1.5');
    expect(card.lang).toBe('nl');
    expect(String(card.fallbackText).length).toBeGreaterThan(10);
    const json = JSON.stringify(card);
    expect(json).not.toContain('${');
    walk(card, (el) => {
      if (el.type === 'Image') expect(el.altText, 'altText op afbeelding').toBeTruthy();
      if (el.type === 'TextBlock') expect(String(el.text).trim().length).toBeGreaterThan(0);
      if (typeof el.type === 'string' && el.type.startsWith('Action.')) expect(String(el.title).length).toBeGreaterThan(0);
    });
  });

  it('puts a blank line around lists so Teams does not pull the next paragraph into the last item', () => {
    expect(separateLists('Vier groepen:\n- jongeren\n- ouderen\nDe vijfde is onbekend.')).toBe('Vier groepen:\n\n- jongeren\n- ouderen\n\nDe vijfde is onbekend.');
  });

  it('does not carry meaning by colour alone', () => {
    for (const card of Object.values(samples)) {
      walk(card, (el) => {
        // Warnings in colour also carry a sign and words.
        if (el.color && el.color !== 'Default') expect(String(el.text)).toMatch(/⚠ \S+/);
      });
    }
  });

  it('turns "- 1. ..." into a numbered list, not a bullet with a number', () => {
    expect(separateLists('Drie besluitpunten:\n- 1. Geen zienswijze.\n- 2. De brief vaststellen.\nDaarna volgt het DB.')).toBe(
      'Drie besluitpunten:\n\n1. Geen zienswijze.\n2. De brief vaststellen.\n\nDaarna volgt het DB.',
    );
    const card = renderQaResult(qa.ask('wat besloot het college van Nijmegen over de DVO?')) as unknown as { body: Array<{ text?: string }> };
    const answer = card.body[1]!.text!;
    expect(answer).toMatch(/^1\. /m);
    expect(answer).not.toMatch(/^- \d+\. /m);
  });

  it('says a date once: a title without the quarter shown beside it, and "vandaag" without the time again', () => {
    expect(titleWithoutDate('Ervaringen ophalen en dagdelen 2027 beoordelen, vierde kwartaal 2026 (Nijmegen)', 'het vierde kwartaal van 2026')).toBe(
      'Ervaringen ophalen en dagdelen 2027 beoordelen (Nijmegen)',
    );
    expect(titleWithoutDate('Lokale keuzes voor 2027 nog aanpassen in het vierde kwartaal van 2026 (Nijmegen)', 'het vierde kwartaal van 2026')).toBe('Lokale keuzes voor 2027 nog aanpassen (Nijmegen)');
    const upcoming = JSON.stringify(renderQaResult(qa.ask('welke deadlines komen eraan?')));
    expect(upcoming).not.toMatch(/vierde kwartaal (van )?2026[^"]*"[^"]*"[^"]*vierde kwartaal/);
    const today = JSON.stringify(
      renderReminder({ deadline, reminder: { deadlineId: deadline.id, conversationId: 'c1', slot: 'd0', daysBefore: 0, at: '2026-12-16T08:00:00.000Z', snooze: false }, daysLeft: 0, late: false }, new Date('2026-12-16T09:00:00+01:00')),
    );
    expect(today).toContain('16 december 2026 om 17:00 (vandaag).');
    expect(today).toContain('{"title":"Nog","value":"vandaag"}');
    expect(today).not.toContain('vandaag, om');
    expect(today).not.toContain('vandaag om');
  });

  it('puts the example buttons of the help card right under "tik op een vraag", each fitting on a button', () => {
    const help = renderHelp({ entries: 156, documents: 8 }) as unknown as { body: Array<{ type: string; text?: string; actions?: Array<{ title: string }> }>; actions?: unknown[] };
    const i = help.body.findIndex((el) => el.text?.startsWith('Je kunt bijvoorbeeld vragen'));
    expect(help.body[i + 1]!.type).toBe('ActionSet');
    expect(help.body[i + 1]!.actions!.length).toBeGreaterThanOrEqual(4);
    for (const a of help.body[i + 1]!.actions!) expect(a.title.length).toBeLessThanOrEqual(BUTTON_FIT);
    expect(help.actions ?? []).toEqual([]);
  });

  it('counts the knowledge base, answers added in Teams and deadlines apart on the help card', () => {
    expect(JSON.stringify(renderHelp({ entries: 156, documents: 8 }))).toContain('Kennisbank: 156 onderwerpen uit 8 documenten.');
    expect(JSON.stringify(renderHelp({ entries: 156, documents: 8, curated: 1, deadlines: 2 }))).toContain(
      'Kennisbank: 156 onderwerpen uit 8 documenten; daarnaast 1 antwoord toegevoegd in Teams en 2 deadlines in het register.',
    );
  });

  it('gives every related-question button a short, well-formed Dutch question that fits', () => {
    const kb = realKnowledgeBase();
    const titles = new Set<string>();
    for (const entry of kb.entries) {
      const card = renderQaResult(qa.ask(entry.questions[0]!), { entryOf: (id) => kb.byId.get(id) }) as unknown as { actions?: Array<{ title: string; data?: { msteams?: { value?: string } } }> };
      for (const a of card.actions ?? []) {
        if (!a.data?.msteams) continue;
        titles.add(a.title);
        expect(a.title.length, a.title).toBeLessThanOrEqual(BUTTON_FIT);
        expect(a.title, a.title).toMatch(/^[A-Z][^:]*\?$/);
        expect(a.data.msteams.value).toBe(a.title);
      }
    }
    expect(titles.size).toBeGreaterThan(40);
    for (const raw of ['besluitpunten nijmegen dvo?', 'bar basisdienstverlening?']) expect([...titles]).not.toContain(raw);
    expect(buttonQuestionFor({ id: 'nijmegen-drie-besluitpunten', title: 'De drie besluitpunten', question: 'besluitpunten nijmegen dvo?' })).toBeUndefined();
    // A deadline added in Teams: its title is quoted in a natural question, never "Wanneer is Zienswijze DVO: ...?".
    expect(buttonQuestionFor({ id: 'register-x', title: 'Reactie Beuningen', question: 'Wanneer is Reactie Beuningen?' })).toBe('Wat is de deadline voor “Reactie Beuningen”?');
    expect(buttonQuestionFor({ id: 'register-y', title: 'Zienswijze DVO: reactie Beuningen', question: 'Wanneer is Zienswijze DVO: reactie Beuningen?' })).toBeUndefined();
  });
});
