// Every card the bot sends, rendered with realistic data: checked against the schema (test/cards/card-schema.test.ts)
// and, for the compiled templates, against adaptivecards-templating (test/cards/card-template.test.ts).
import { renderHelp, renderQaResult, type AdaptiveCard } from '../../src/bot/cards.js';
import { renderDeadline, renderDeadlineForm, renderDeadlineList, renderReminder } from '../../src/bot/deadline-cards.js';
import { SAMPLE_DEADLINE, SAMPLE_DRAFT } from './sample-deadline.js';
import { renderComments, renderDraft, renderDraftForm, renderDraftPosted, renderExport } from '../../src/bot/draft-cards.js';
import type { DraftAdvice } from '../../src/domain/drafts/draft.js';
import type { Tally } from '../../src/domain/drafts/draft-store.js';
import { CurationFeature } from '../../src/bot/curation-feature.js';
import { CurationStore } from '../../src/domain/curation/curation-store.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
import { memoryLogger } from './logs.js';
import { QuestionAnswerer } from '../../src/domain/knowledge/qa.js';
import { realKnowledgeBase, TODAY } from './kb.js';
import { renderAdded, renderDocumentAnswer, renderDocumentList, renderProposals } from '../../src/bot/document-cards.js';
import type { DocumentMeta } from '../../src/domain/documents/document-store.js';
import type { DeadlineProposal } from '../../src/domain/documents/proposals.js';

/** The answerer the samples were asked with (the real knowledge base, on TODAY). */
export const qa = new QuestionAnswerer(realKnowledgeBase(), { now: () => TODAY });
export const deadline = SAMPLE_DEADLINE;
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
export const samples: Record<string, AdaptiveCard> = {
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
  'draft form, with errors': renderDraftForm({ number: 'x' }, { number: 'Vul een nummer in zoals 1.2 of 3.', title: 'Vul een titel in.' }),
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
