import { documentDateIn } from './dutch-dates.js';
import type { Block } from './extract.js';

/** One passage of a document: a paragraph (or part of a long one), shown verbatim when it answers a question. */
export interface Passage {
  /** `<document id>-<n>`. */
  id: string;
  /** Position in the document, from 1. */
  n: number;
  /** The page (PDF) it starts on. */
  page?: number;
  /** The paragraph number in the document (from 1; headings not counted). */
  paragraph: number;
  /** The heading it stands under, if any. */
  section?: string;
  text: string;
}

/** Passages longer than this are split at sentence ends; shorter blocks are joined with the next one. */
const MAX_PASSAGE = 700;
const MIN_PASSAGE = 80;

function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=[\p{Lu}\d"“(])/u);
}

/** Cuts text longer than MAX_PASSAGE into pieces of whole sentences (a sentence longer than that stays whole). */
function pieces(text: string): string[] {
  if (text.length <= MAX_PASSAGE) return [text];
  const out: string[] = [];
  let current = '';
  for (const sentence of splitSentences(text)) {
    if (current && current.length + sentence.length + 1 > MAX_PASSAGE) {
      out.push(current);
      current = sentence;
    } else current = current ? `${current} ${sentence}` : sentence;
  }
  if (current) out.push(current);
  return out;
}

/** The passages of a document: paragraphs with their page and number, headings as their section. */
export function passagesOf(documentId: string, blocks: Block[]): Passage[] {
  const passages: Passage[] = [];
  let section: string | undefined;
  let paragraph = 0;
  let pending: { text: string; page?: number; paragraph: number; section?: string } | undefined;
  const emit = (p: { text: string; page?: number; paragraph: number; section?: string }): void => {
    for (const text of pieces(p.text)) {
      const n = passages.length + 1;
      passages.push({ id: `${documentId}-${n}`, n, ...(p.page !== undefined ? { page: p.page } : {}), paragraph: p.paragraph, ...(p.section ? { section: p.section } : {}), text });
    }
  };
  for (const block of blocks) {
    if (block.heading !== undefined && block.text.length <= 200) {
      if (pending) emit(pending);
      pending = undefined;
      section = block.text;
      continue;
    }
    paragraph += 1;
    if (pending && pending.page === block.page && pending.text.length < MIN_PASSAGE && pending.text.length + block.text.length < MAX_PASSAGE) {
      pending = { ...pending, text: `${pending.text} ${block.text}` };
      continue;
    }
    if (pending) emit(pending);
    pending = { text: block.text, ...(block.page !== undefined ? { page: block.page } : {}), paragraph, ...(section ? { section } : {}) };
  }
  if (pending) emit(pending);
  return passages;
}

/** Where a passage stands, in Dutch: "pagina 3" (PDF) or "alinea 12". */
export function placeOf(passage: Pick<Passage, 'page' | 'paragraph'>): string {
  return passage.page !== undefined ? `pagina ${passage.page}` : `alinea ${passage.paragraph}`;
}

/**
 * The title a document states: its first heading, the subject line ("Onderwerp: ..."), the PDF's own title, or its
 * first short line (not a salutation such as "Geacht college"); and the date it states ("Datum: 3 maart 2026", or the
 * first full date on its first page).
 */
export function statedTitleAndDate(blocks: Block[], metadataTitle?: string): { title?: string; date?: string } {
  const head = blocks.slice(0, 25);
  const subject = head.map((b) => /^(?:onderwerp|betreft|titel)\s*:\s*(.{3,200})$/i.exec(b.text)?.[1]).find(Boolean);
  const heading = head.find((b) => b.heading !== undefined && b.heading <= 2 && b.text.length >= 3)?.text;
  const firstLine = head.find((b) => b.text.length >= 6 && b.text.length <= 150 && !/^(?:(?:datum|kenmerk|aan|van|cc|geachte?|beste)\b|l\.s\.)/i.test(b.text) && !documentDateIn(b.text))?.text;
  const title = (heading ?? subject ?? metadataTitle ?? firstLine)?.replace(/[.:]$/, '').trim();
  const firstPage = blocks
    .filter((b) => b.page === undefined || b.page === 1)
    .slice(0, 40)
    .map((b) => b.text)
    .join('\n');
  const date = documentDateIn(firstPage);
  return { ...(title ? { title: title.slice(0, 200) } : {}), ...(date ? { date } : {}) };
}
