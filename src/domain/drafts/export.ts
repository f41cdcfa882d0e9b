import { formatCivilDate } from '../dates.js';
import { localDateTimeOf } from '../time.js';
import { CHOICE_LABEL, VOTE_CHOICES, type DraftAdvice } from './draft.js';
import type { Comment, Tally } from './draft-store.js';

/** Everything the secretaris needs to write the advice: the draft, its comments and the vote. */
export interface DraftRecord {
  draft: DraftAdvice;
  tally: Tally;
  comments: Comment[];
  members?: number;
  exportedAt: Date;
}

const when = (iso: string): string => {
  const l = localDateTimeOf(new Date(iso));
  return `${formatCivilDate(l)} om ${String(l.hour).padStart(2, '0')}:${String(l.minute).padStart(2, '0')}`;
};

/** Whether the result may be shown before closing (only when the draft shows it live). */
export function resultVisible(draft: DraftAdvice): boolean {
  return draft.state === 'closed' || draft.visibility === 'live';
}

export function resultLines(r: DraftRecord): string[] {
  const { draft, tally } = r;
  if (!resultVisible(draft)) return [`Stemming: open tot ${when(draft.closesAt)}. De uitslag komt in de export nadat de stemming is gesloten.`];
  const state = draft.state === 'closed' ? `gesloten op ${when(draft.closedAt ?? draft.closesAt)}` : `open tot ${when(draft.closesAt)} (tussenstand)`;
  const lines = [`Stemming: ${state}, ${draft.anonymous ? 'anoniem' : 'met naam'}.`];
  lines.push(r.members ? `Gestemd: ${tally.total} van ${r.members} leden.` : `Gestemd: ${tally.total}.`);
  for (const c of VOTE_CHOICES) lines.push(`${CHOICE_LABEL[c]}: ${tally.counts[c]}`);
  if (draft.quorum !== undefined && r.members) {
    lines.push(`Quorum ${Math.round(draft.quorum * 100)}%: ${tally.total / r.members >= draft.quorum ? 'gehaald' : 'niet gehaald'}.`);
  }
  return lines;
}

/** Member text in Markdown: markdown and HTML characters escaped, so a name or a reason cannot add links or tags. */
const md = (text: string): string => text.replace(/([\\`*_{}[\]()#+!<>|~])/g, '\\$1');

/** Markdown, with member text as quoted, escaped blocks so it cannot change the structure. */
export function draftMarkdown(r: DraftRecord): string {
  const { draft } = r;
  const quote = (text: string): string => text.split('\n').map((l) => `> ${md(l)}`).join('\n');
  const parts = [
    `# Deeladvies ${draft.number}: ${draft.title}`,
    '',
    `Geplaatst door ${draft.createdBy.name} op ${when(draft.createdAt)}. Export van ${when(r.exportedAt.toISOString())}.`,
    '',
    '## Tekst',
    '',
    quote(draft.text),
    '',
    '## Uitslag',
    '',
    ...resultLines(r).map((l) => `- ${l}`),
  ];
  if (r.tally.reasons.length && resultVisible(draft)) {
    parts.push('', '### Toelichtingen', '');
    for (const x of r.tally.reasons) parts.push(`- ${CHOICE_LABEL[x.choice]}${x.name && !draft.anonymous ? ` (${md(x.name)})` : ''}: ${md(x.reason.replace(/\n/g, ' '))}`);
  }
  if (draft.outcome) parts.push('', '## Uitkomst', '', quote(draft.outcome));
  parts.push('', `## Reacties (${r.comments.length})`, '');
  for (const c of r.comments) parts.push(`**${md(c.authorName)}**, ${when(c.at)}${c.editedAt ? ' (bewerkt)' : ''}:`, '', quote(c.text), '');
  return `${parts.join('\n').trimEnd()}\n`;
}

/** CSV (semicolon-separated, as Dutch Excel expects), one row per comment and per reason, with a BOM. */
export function draftCsv(r: DraftRecord): string {
  const cell = (v: string): string => {
    // Neutralise spreadsheet formulas and quote every cell.
    const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return `"${safe.replace(/"/g, '""')}"`;
  };
  const rows: string[][] = [['soort', 'wie', 'wanneer', 'keuze', 'tekst']];
  rows.push(['deeladvies', r.draft.createdBy.name, when(r.draft.createdAt), '', `${r.draft.number} ${r.draft.title}: ${r.draft.text}`]);
  if (resultVisible(r.draft)) for (const c of VOTE_CHOICES) rows.push(['telling', '', '', CHOICE_LABEL[c], String(r.tally.counts[c])]);
  if (resultVisible(r.draft)) for (const x of r.tally.reasons) rows.push(['toelichting', r.draft.anonymous ? '' : (x.name ?? ''), '', CHOICE_LABEL[x.choice], x.reason]);
  for (const c of r.comments) rows.push(['reactie', c.authorName, when(c.at), '', c.text]);
  if (r.draft.outcome) rows.push(['uitkomst', r.draft.closedBy?.name ?? '', r.draft.closedAt ? when(r.draft.closedAt) : '', '', r.draft.outcome]);
  return `\uFEFF${rows.map((row) => row.map(cell).join(';')).join('\r\n')}\r\n`;
}
