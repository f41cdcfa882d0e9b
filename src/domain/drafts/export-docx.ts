import { createRequire } from 'node:module';
import type * as DocxApi from '../../types/docx-api.js';
import { CHOICE_LABEL } from './draft.js';
import { resultLines, resultVisible, type DraftRecord } from './export.js';

type Paragraph = DocxApi.Paragraph;

/** A Word document with the draft, the vote result and every comment, for pasting into the advice. */
export async function draftDocx(r: DraftRecord): Promise<Buffer> {
  // Loaded through require, at the first export rather than at start: docx's ESM typings do not resolve under
  // NodeNext (see src/types/docx-api.d.ts).
  const { Document, HeadingLevel, Packer, Paragraph, TextRun } = createRequire(import.meta.url)('docx') as typeof DocxApi;
  const { draft } = r;
  const paragraphs = (text: string): Paragraph[] => text.split(/\n+/).map((line) => new Paragraph({ children: [new TextRun(line)] }));
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(`Deeladvies ${draft.number}: ${draft.title}`)] }),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Tekst')] }),
    ...paragraphs(draft.text),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Uitslag')] }),
    ...resultLines(r).map((line) => new Paragraph({ bullet: { level: 0 }, children: [new TextRun(line)] })),
  ];
  if (r.tally.reasons.length && resultVisible(draft)) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun('Toelichtingen')] }));
    for (const x of r.tally.reasons) {
      children.push(
        new Paragraph({
          bullet: { level: 0 },
          children: [new TextRun({ text: `${CHOICE_LABEL[x.choice]}${x.name && !draft.anonymous ? ` (${x.name})` : ''}: `, bold: true }), new TextRun(x.reason)],
        }),
      );
    }
  }
  if (draft.outcome) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Uitkomst')] }), ...paragraphs(draft.outcome));
  }
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`Reacties (${r.comments.length})`)] }));
  for (const c of r.comments) {
    children.push(new Paragraph({ children: [new TextRun({ text: `${c.authorName}${c.editedAt ? ' (bewerkt)' : ''}`, bold: true })] }), ...paragraphs(c.text));
  }
  const doc = new Document({
    creator: 'Adviesbot',
    title: `Deeladvies ${draft.number}: ${draft.title}`,
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
