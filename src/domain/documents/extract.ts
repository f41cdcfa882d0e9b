/**
 * pdf.js and mammoth are loaded at the first PDF or Word file, not at start: together they are a good part of the
 * start-up time, and most processes never read a file.
 *
 * pdf.js's legacy build (the one that runs in Node) installs core-js polyfills when it and its worker are loaded, and
 * on Node 20 these replace the native JSON.stringify and JSON.parse for the whole process (for JSON.rawJSON, which
 * Node 20 lacks): the polyfilled stringify is about 14 times slower, and every turn stringifies its activities. The
 * natives are put back after every use of pdf.js; pdf.js does not use raw JSON.
 */
const NATIVE_JSON = { parse: JSON.parse, stringify: JSON.stringify };
function restoreNativeJson(): void {
  JSON.parse = NATIVE_JSON.parse;
  JSON.stringify = NATIVE_JSON.stringify;
}
let pdfjs: Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> | undefined;
const loadPdfjs = (): Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs').finally(restoreNativeJson));

/** Files larger than this are refused before anything is read. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

export type DocumentErrorCode = 'te-groot' | 'leeg' | 'onbekend-type' | 'versleuteld' | 'beschadigd' | 'geen-tekst' | 'bestaat-al' | 'ongeldig' | 'niet-gevonden';

/** A document that cannot be added, with a message in Dutch for the organiser; nothing was stored. */
export class DocumentError extends Error {
  constructor(
    readonly code: DocumentErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DocumentError';
  }
}

export type DocumentKind = 'pdf' | 'docx' | 'text' | 'markdown';

/** A block of text as the document has it: a paragraph, with the page it is on (PDF) or its number. */
export interface Block {
  text: string;
  /** Page number (PDF), from 1. */
  page?: number;
  /** Heading level for DOCX and Markdown headings (1 is the title level). */
  heading?: number;
}

export interface Extracted {
  kind: DocumentKind;
  blocks: Block[];
  /** Pages of a PDF. */
  pages?: number;
  /** The title the file's own metadata gives (PDF Title), if any. */
  metadataTitle?: string;
}

const KIND_NAMES: Record<DocumentKind, string> = { pdf: 'PDF', docx: 'Word-document', text: 'tekstbestand', markdown: 'Markdown-bestand' };
export const kindName = (kind: DocumentKind): string => KIND_NAMES[kind];

/** The kind of a file, from its first bytes and (for plain text) its name. */
export function kindOf(bytes: Uint8Array, fileName: string): DocumentKind {
  const head = Buffer.from(bytes.subarray(0, 8)).toString('latin1');
  const name = fileName.toLowerCase();
  if (head.startsWith('%PDF-')) return 'pdf';
  if (head.startsWith('PK\x03\x04')) {
    if (name.endsWith('.docx') || Buffer.from(bytes).includes('word/document.xml')) return 'docx';
    throw new DocumentError('onbekend-type', `"${fileName}" is een zip-bestand maar geen Word-document (.docx). Ik kan PDF, Word (.docx), tekst (.txt) en Markdown (.md) lezen.`);
  }
  if (/\.(txt|md|markdown|text)$/.test(name)) {
    if (bytes.includes(0)) throw new DocumentError('onbekend-type', `"${fileName}" heeft de naam van een tekstbestand, maar bevat geen tekst.`);
    return /\.(md|markdown)$/.test(name) ? 'markdown' : 'text';
  }
  if (name.endsWith('.doc')) throw new DocumentError('onbekend-type', `"${fileName}" is een oud Word-bestand (.doc). Sla het op als .docx of PDF en stuur het opnieuw.`);
  throw new DocumentError('onbekend-type', `Dit soort bestand ken ik niet ("${fileName}"). Ik kan PDF, Word (.docx), tekst (.txt) en Markdown (.md) lezen.`);
}

/** Reads the text of a file: per page for a PDF, per paragraph for the others. Throws a DocumentError. */
export async function extract(bytes: Uint8Array, fileName: string): Promise<Extracted> {
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) {
    throw new DocumentError('te-groot', `"${fileName}" is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB; het maximum is 20 MB. Stuur een kleinere versie (bijvoorbeeld zonder afbeeldingen).`);
  }
  if (bytes.byteLength === 0) throw new DocumentError('leeg', `"${fileName}" is leeg.`);
  const kind = kindOf(bytes, fileName);
  const extracted = kind === 'pdf' ? await pdfBlocks(bytes, fileName) : kind === 'docx' ? await docxBlocks(bytes, fileName) : textBlocks(bytes, kind);
  const chars = extracted.blocks.reduce((n, b) => n + b.text.replace(/\s/g, '').length, 0);
  if (chars < 40) {
    throw new DocumentError(
      'geen-tekst',
      kind === 'pdf'
        ? `In "${fileName}" staat geen leesbare tekst: het lijkt een scan zonder tekstlaag. Laat de PDF eerst herkennen (OCR) of stuur het Word-bestand.`
        : `In "${fileName}" staat (bijna) geen tekst.`,
    );
  }
  return extracted;
}

interface TextItem {
  str: string;
  hasEOL: boolean;
  transform: number[];
  height: number;
}

async function pdfBlocks(bytes: Uint8Array, fileName: string): Promise<Extracted> {
  try {
    return await readPdf(bytes, fileName, await loadPdfjs());
  } finally {
    restoreNativeJson();
  }
}

async function readPdf(bytes: Uint8Array, fileName: string, { getDocument }: typeof import('pdfjs-dist/legacy/build/pdf.mjs')): Promise<Extracted> {
  let doc;
  try {
    // A copy: pdf.js transfers the buffer it is given to its (fake) worker.
    doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: true }).promise;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'PasswordException') {
      throw new DocumentError('versleuteld', `"${fileName}" is beveiligd met een wachtwoord. Stuur een versie zonder wachtwoord.`);
    }
    throw new DocumentError('beschadigd', `"${fileName}" is geen leesbare PDF (het bestand is beschadigd of onvolledig). Sla het opnieuw op als PDF en probeer het nog eens.`);
  }
  try {
    const blocks: Block[] = [];
    for (let number = 1; number <= doc.numPages; number++) {
      const page = await doc.getPage(number);
      const content = await page.getTextContent();
      blocks.push(...pageParagraphs(content.items as TextItem[], number));
      page.cleanup();
    }
    const info = (await doc.getMetadata().catch(() => undefined))?.info as { Title?: unknown } | undefined;
    const title = typeof info?.Title === 'string' ? info.Title.trim() : '';
    return { kind: 'pdf', blocks, pages: doc.numPages, ...(title && !/^(microsoft word|untitled|naamloos)\b/i.test(title) && !/\.(docx?|pdf)$/i.test(title) ? { metadataTitle: title } : {}) };
  } catch (error) {
    if (error instanceof DocumentError) throw error;
    throw new DocumentError('beschadigd', `Een deel van "${fileName}" kon niet gelezen worden (het bestand is beschadigd). Er is niets opgeslagen.`);
  } finally {
    await doc.destroy();
  }
}

/**
 * The paragraphs of one page: lines joined, a new paragraph where the gap to the next line is clearly larger than
 * the line height (an empty line), or where a line ends a sentence and is much shorter than the others.
 */
function pageParagraphs(items: TextItem[], page: number): Block[] {
  const lines: Array<{ text: string; y: number; height: number }> = [];
  let current = '';
  let y: number | undefined;
  let height = 0;
  for (const item of items) {
    if (y === undefined && item.str.trim()) {
      y = item.transform[5];
      height = item.height || Math.abs(item.transform[3] ?? 10);
    }
    current += item.str;
    if (item.hasEOL) {
      if (current.trim()) lines.push({ text: current.trim(), y: y ?? 0, height });
      current = '';
      y = undefined;
    }
  }
  if (current.trim()) lines.push({ text: current.trim(), y: y ?? 0, height });
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    const text = paragraph.join(' ').replace(/(\p{L})- (\p{Ll})/gu, '$1$2').replace(/\s+/g, ' ').trim();
    if (text) blocks.push({ text, page });
    paragraph = [];
  };
  lines.forEach((line, i) => {
    const previous = lines[i - 1];
    if (previous) {
      const gap = previous.y - line.y;
      const lineHeight = Math.max(previous.height, 1) * 1.25;
      if (gap > lineHeight * 1.5 || gap < 0) flush();
    }
    paragraph.push(line.text);
  });
  flush();
  return blocks;
}

async function docxBlocks(bytes: Uint8Array, fileName: string): Promise<Extracted> {
  let html: string;
  try {
    const { default: mammoth } = await import('mammoth');
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch {
    throw new DocumentError('beschadigd', `"${fileName}" is geen leesbaar Word-document (het bestand is beschadigd of versleuteld). Sla het opnieuw op als .docx of PDF.`);
  }
  const blocks: Block[] = [];
  for (const m of html.matchAll(/<(h[1-6]|p|li|td|th)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
    const text = decodeEntities(m[2]!.replace(/<br\s*\/?>/g, ' ').replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const level = /^h([1-6])$/.exec(m[1]!);
    blocks.push({ text, ...(level ? { heading: Number(level[1]) } : {}) });
  }
  return { kind: 'docx', blocks };
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

function textBlocks(bytes: Uint8Array, kind: 'text' | 'markdown'): Extracted {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    // Older Windows files are often Windows-1252.
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  const blocks: Block[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    if (kind === 'markdown') {
      // A heading line starts a block of its own.
      let rest: string[] = [];
      const push = (): void => {
        const t = rest.join(' ').replace(/\s+/g, ' ').trim();
        if (t) blocks.push({ text: stripMarkdown(t) });
        rest = [];
      };
      for (const line of raw.split('\n')) {
        const heading = /^(#{1,6})\s+(.*)$/.exec(line.trim());
        if (heading) {
          push();
          blocks.push({ text: stripMarkdown(heading[2]!.trim()), heading: heading[1]!.length });
        } else if (/^\s*([-*+]|\d+\.)\s+/.test(line)) {
          push();
          rest.push(line.replace(/^\s*([-*+]|\d+\.)\s+/, ''));
          push();
        } else rest.push(line);
      }
      push();
    } else {
      const t = raw.replace(/\s+/g, ' ').trim();
      if (t) blocks.push({ text: t });
    }
  }
  return { kind, blocks };
}

function stripMarkdown(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/(^|\W)[*_](\S.*?)[*_](?=\W|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1');
}
