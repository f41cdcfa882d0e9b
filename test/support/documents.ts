import { createRequire } from 'node:module';
import type * as DocxApi from '../../src/types/docx-api.js';
import { makePdf } from './pdf.js';

const { Document, HeadingLevel, Packer, Paragraph, TextRun } = createRequire(import.meta.url)('docx') as typeof DocxApi;

/**
 * A made-up adviesaanvraag about a topic the knowledge base does not cover (the Wmo-hulpmiddelen), so a question
 * only it answers can be asked. Each inner array is a paragraph; pages for the PDF.
 */
export const ADVIESAANVRAAG = {
  title: 'Adviesaanvraag verordening Wmo-hulpmiddelen 2027',
  pages: [
    [
      ['Adviesaanvraag verordening Wmo-hulpmiddelen 2027'],
      ['Datum: 1 december 2026'],
      ['Geachte leden van de adviesraad,'],
      ['Het college legt u hierbij de ontwerpverordening Wmo-hulpmiddelen 2027 voor. De verordening regelt hoe inwoners een scootmobiel, rolstoel of traplift aanvragen.'],
    ],
    [
      ['Nieuw is dat inwoners een scootmobiel voortaan in bruikleen krijgen van de uitleenpool in Wijchen, en niet meer in eigendom. De eigen bijdrage voor een traplift wordt maximaal 19 euro per maand.'],
      ['Wij ontvangen uw advies graag uiterlijk 15 januari 2027, zodat het college de verordening in het eerste kwartaal van 2027 kan vaststellen.'],
      ['De gemeenteraad wordt gevraagd zijn wensen en bedenkingen te geven binnen zes weken na ontvangst van het ontwerp.'],
      ['Graag bespreken wij het ontwerp met de adviesraad in een bijeenkomst in januari 2027.'],
    ],
  ],
};

/**
 * What changed in the second version of the adviesaanvraag (same title): the uitleenpool moves to Beuningen, the
 * eigen bijdrage and the advice date change; the other dates stay.
 */
export const VERSION_2: Array<[string, string]> = [
  ['uitleenpool in Wijchen', 'uitleenpool in Beuningen'],
  ['maximaal 19 euro', 'maximaal 21 euro'],
  ['uiterlijk 15 januari 2027', 'uiterlijk 29 januari 2027'],
  ['Datum: 1 december 2026', 'Datum: 8 december 2026'],
];

export function adviesaanvraagPdf(options: { title?: string; version?: 2 } = {}): Buffer {
  const changed = (text: string): string => (options.version === 2 ? VERSION_2.reduce((t, [from, to]) => t.replace(from, to), text) : text);
  return makePdf({
    title: options.title ?? ADVIESAANVRAAG.title,
    // An empty line between paragraphs, as a word processor's PDF has a gap there.
    pages: ADVIESAANVRAAG.pages.map((page) => page.flatMap((paragraph) => [...wrap(changed(paragraph.join(' ')), 90), ''])),
  });
}

/** Lines of at most `width` characters, on word boundaries (a PDF has no paragraphs, only lines). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export async function adviesaanvraagDocx(): Promise<Buffer> {
  const [first, ...rest] = ADVIESAANVRAAG.pages.flat();
  const doc = new Document({
    creator: 'Gemeente Test',
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(first!.join(' '))] }),
          ...rest.map((p) => new Paragraph({ children: [new TextRun(p.join(' '))] })),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
