import { formatDutchDate } from '../domain/dates.js';
import { DEADLINE_BODIES, DEADLINE_KINDS } from '../domain/deadlines/deadline.js';
import type { DocumentAnswer } from '../domain/documents/answer.js';
import { describeDocument, type DocumentMeta } from '../domain/documents/document-store.js';
import { placeOf } from '../domain/documents/passages.js';
import type { DeadlineProposal } from '../domain/documents/proposals.js';
import { escapeMarkdown } from '../domain/drafts/draft-store.js';
import type { AdaptiveCard } from './cards.js';

type Element = Record<string, unknown>;

const card = (body: Element[], actions: Element[], fallbackText: string): AdaptiveCard => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  lang: 'nl',
  fallbackText,
  body,
  ...(actions.length > 0 ? { actions } : {}),
});

const text = (value: string, extra: Element = {}): Element => ({ type: 'TextBlock', text: value, wrap: true, ...extra });

const dateText = (date: string | undefined): string => (date ? formatDutchDate(date) : 'onbekend');

/** An answer from an added document: the passage verbatim, labelled as not checked, with title, date and page. */
export function renderDocumentAnswer(answer: DocumentAnswer, options: { organiser: boolean }): AdaptiveCard {
  const { document, passage } = answer;
  const place = placeOf(passage);
  const facts = [
    { title: 'Document', value: escapeMarkdown(document.title) },
    { title: 'Datum', value: dateText(document.date) },
    { title: 'Vindplaats', value: `${place}${passage.section ? ` (${escapeMarkdown(passage.section)})` : ''}` },
    ...(document.author ? [{ title: 'Auteur', value: escapeMarkdown(document.author) }] : []),
  ];
  const actions: Element[] = options.organiser
    ? [
        {
          type: 'Action.Execute',
          verb: 'document.curate',
          title: 'Maak hier een vast antwoord van',
          data: { documentId: document.id, passageId: passage.id, question: answer.question.slice(0, 300) },
        },
      ]
    : [];
  return card(
    [
      text('Uit een toegevoegd document', { style: 'heading', weight: 'Bolder', size: 'Large' }),
      {
        type: 'Container',
        style: 'warning',
        items: [text('Dit is een letterlijke passage uit een document dat een organisator heeft toegevoegd. Niemand heeft gecontroleerd of het je vraag goed beantwoordt.', { size: 'Small' })],
      },
      text(`“${escapeMarkdown(passage.text)}”`, { spacing: 'Medium' }),
      { type: 'FactSet', spacing: 'Medium', facts },
    ],
    actions,
    `Uit het document "${document.title}" (${dateText(document.date)}, ${place}), niet gecontroleerd door een organisator: "${passage.text}"`,
  );
}

const STATE_TEXT: Record<DeadlineProposal['state'], string> = { open: '', toegevoegd: '✓ Toegevoegd aan de deadlines', overgeslagen: 'Overgeslagen' };

/**
 * The deadlines found in a document, on one card: per proposal who, what, the subject and the date, with the
 * sentence it comes from, and "Toevoegen", "Aanpassen" (a form with the same fields) and "Overslaan".
 */
export function renderProposals(document: DocumentMeta, proposals: DeadlineProposal[], options: { status?: string; errors?: Map<number, string> } = {}): AdaptiveCard {
  const body: Element[] = [
    text('Deadlines in het document', { style: 'heading', weight: 'Bolder', size: 'Large' }),
    text(`${escapeMarkdown(document.title)} (${dateText(document.date)}). Kies per datum of hij in de deadlines komt; herinneringen gaan dan naar dit gesprek.`, { isSubtle: true }),
  ];
  if (options.status) body.push(text(options.status, { weight: 'Bolder' }));
  if (proposals.length === 0) body.push(text('Ik vond in dit document geen deadlines die nog komen.'));
  // Soonest first, as the deadlines list; each keeps its number p.n, which its buttons and inputs carry.
  for (const p of [...proposals].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.n - b.n)) {
    const id = (field: string): string => `p${p.n}_${field}`;
    const items: Element[] = [
      // A note ("de tekst noemt het eerste kwartaal van 2027; ...") already says what the text named.
      text(`**${formatDutchDate(p.dueDate)}**${p.date !== p.dueDate && !p.note ? ` (${formatDutchDate(p.date)})` : ''}`),
      {
        type: 'FactSet',
        facts: [
          { title: 'Wie', value: p.body },
          { title: 'Soort', value: p.kind },
          { title: 'Onderwerp', value: escapeMarkdown(p.subject) },
          { title: 'Vindplaats', value: placeOf(p) },
        ],
      },
      text(`“${escapeMarkdown(p.sentence)}”`, { size: 'Small', isSubtle: true }),
    ];
    if (p.note) items.push(text(`Let op: ${p.note}.`, { size: 'Small' }));
    const error = options.errors?.get(p.n);
    if (error) items.push(text(`⚠ ${error}`, { color: 'Attention' }));
    if (p.state !== 'open') items.push(text(STATE_TEXT[p.state], { weight: 'Bolder' }));
    else {
      const data = { documentId: document.id, n: p.n };
      items.push({
        type: 'ActionSet',
        actions: [
          { type: 'Action.Execute', verb: 'proposal.add', title: 'Toevoegen', associatedInputs: 'none', data },
          {
            type: 'Action.ShowCard',
            title: 'Aanpassen',
            card: {
              type: 'AdaptiveCard',
              body: [
                { type: 'Input.Text', id: id('title'), label: 'Onderwerp', value: p.subject, maxLength: 120, isRequired: true, errorMessage: 'Vul een onderwerp in.' },
                { type: 'Input.ChoiceSet', id: id('body'), label: 'Wie', value: p.body, choices: DEADLINE_BODIES.map((b) => ({ title: b, value: b })) },
                { type: 'Input.ChoiceSet', id: id('kind'), label: 'Soort', value: p.kind, choices: DEADLINE_KINDS.map((k) => ({ title: k, value: k })) },
                { type: 'Input.Date', id: id('dueDate'), label: 'Datum', value: p.dueDate, isRequired: true, errorMessage: 'Kies een datum.' },
                { type: 'Input.Time', id: id('dueTime'), label: 'Tijd', value: '17:00' },
              ],
              actions: [{ type: 'Action.Execute', verb: 'proposal.add', title: 'Toevoegen', data: { ...data, edited: true } }],
            },
          },
          { type: 'Action.Execute', verb: 'proposal.skip', title: 'Overslaan', associatedInputs: 'none', data },
        ],
      });
    }
    body.push({ type: 'Container', separator: true, spacing: 'Medium', items });
  }
  const fallback = proposals.map((p) => `- ${formatDutchDate(p.dueDate)}: ${p.kind}, ${p.body}: ${p.subject}${p.state !== 'open' ? ` (${p.state})` : ''}`).join('\n');
  return card(body, [], `Deadlines in "${document.title}":\n${fallback || 'geen'}`);
}

/** The sentence on a new version's card: what it replaced, and the curated entries that cite the old one. */
export function replacedText(old: Pick<DocumentMeta, 'title' | 'addedAt'>, citing: string): string {
  return `Dit is een nieuwe versie van “${old.title}” (toegevoegd op ${formatDutchDate(old.addedAt.slice(0, 10))}); die is vervangen en ik antwoord niet meer uit de oude tekst.${citing ? ` ${citing}` : ''}`;
}

/**
 * What happened to an added document, with its title and date as read, and how many deadlines it holds; for a new
 * version, what it replaced (and the curated entries that cite the old one).
 */
export function renderAdded(document: DocumentMeta, proposals: number, replacedNote?: string): AdaptiveCard {
  return card(
    [
      text(replacedNote ? 'Nieuwe versie toegevoegd' : 'Document toegevoegd', { style: 'heading', weight: 'Bolder', size: 'Large' }),
      ...(replacedNote ? [{ type: 'Container', style: 'emphasis', items: [text(escapeMarkdown(replacedNote))] }] : []),
      {
        type: 'FactSet',
        facts: [
          { title: 'Titel', value: `${escapeMarkdown(document.title)}${document.titleFromDocument ? ' (uit het document)' : ''}` },
          { title: 'Datum', value: `${dateText(document.date)}${document.dateFromDocument ? ' (uit het document)' : ''}` },
          { title: 'Inhoud', value: describeDocument(document) },
          { title: 'Id', value: document.id },
        ],
      },
      text(`Vanaf nu beantwoord ik er vragen uit, met de passage en de vindplaats. ${proposals > 0 ? `Ik vond ${proposals} ${proposals === 1 ? 'deadline' : 'deadlines'}: zie de volgende kaart.` : 'Ik vond er geen deadlines in die nog komen.'}`),
      text('Klopt de titel of datum niet? Typ **document wijzigen** met het id, de titel en/of de datum, zoals: document wijzigen ' + document.id + ' titel: Nieuwe titel datum: 2026-12-01', { size: 'Small', isSubtle: true }),
    ],
    [],
    `${replacedNote ? 'Nieuwe versie' : 'Document'} toegevoegd: ${document.title} (${dateText(document.date)}), ${describeDocument(document)}.${replacedNote ? ` ${replacedNote}` : ''}`,
  );
}

/** The documents added so far; organisers get buttons for the proposed deadlines and to remove one. */
export function renderDocumentList(documents: DocumentMeta[], options: { organiser: boolean; status?: string }): AdaptiveCard {
  const body: Element[] = [text(`Toegevoegde documenten (${documents.length})`, { style: 'heading', weight: 'Bolder', size: 'Large' })];
  if (options.status) body.push(text(options.status, { weight: 'Bolder' }));
  if (options.organiser && documents.length > 0) {
    // The example names a document of the list, not a made-up id.
    body.push(text(`Een nieuwe versie van een document: stuur het bestand met dezelfde titel, of met de tekst **vervang** en het id (vervang ${documents[0]!.id}). De oude versie verdwijnt dan.`, { size: 'Small', isSubtle: true }));
  }
  if (documents.length === 0) body.push(text('Er zijn nog geen documenten toegevoegd. Een organisator stuurt een PDF of Word-bestand in een persoonlijk gesprek met mij, of gebruikt het tabblad Adviesdossier.'));
  for (const d of documents.slice(0, 30)) {
    const items: Element[] = [
      text(`**${escapeMarkdown(d.title)}** (${dateText(d.date)})`),
      text(`${describeDocument(d)}; toegevoegd op ${formatDutchDate(d.addedAt.slice(0, 10))} door ${escapeMarkdown(d.addedBy.name)}. Id: ${d.id}`, { size: 'Small', isSubtle: true }),
    ];
    if (options.organiser) {
      items.push({
        type: 'ActionSet',
        actions: [
          { type: 'Action.Execute', verb: 'document.proposals', title: 'Deadlines uit dit document', data: { documentId: d.id } },
          { type: 'Action.Execute', verb: 'document.remove', title: 'Verwijderen', data: { documentId: d.id } },
        ],
      });
    }
    body.push({ type: 'Container', separator: true, items });
  }
  return card(body, [], `Toegevoegde documenten: ${documents.map((d) => d.title).join('; ') || 'geen'}`);
}
