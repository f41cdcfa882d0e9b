/**
 * A small PDF writer for tests and benchmarks: real PDF 1.4 files with one text layer per page (Helvetica,
 * WinAnsi, so Dutch accents survive), an image-only "scan" page, a password-protected file, or a damaged one.
 * Nothing here is parsed by the code under test except through pdfjs-dist.
 */

export interface PdfOptions {
  /** Lines of text per page; an empty array is a page without a text layer (a scan). */
  pages: string[][];
  /** The document information dictionary's Title. */
  title?: string;
  /** Adds an /Encrypt dictionary whose user password is not empty (the file cannot be opened without it). */
  encrypted?: boolean;
  /** Draws a grey rectangle on every page (what a scanned page is to a text extractor: no text). */
  drawing?: boolean;
}

/** PDF string literal in WinAnsi: parentheses and backslashes escaped, non-ASCII as octal escapes. */
function pdfString(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '(' || ch === ')' || ch === '\\') out += `\\${ch}`;
    else if (code >= 32 && code < 127) out += ch;
    else if (code === 0x20ac) out += '\\200';
    else if (code === 0x2013) out += '\\226';
    else if (code === 0x2019) out += '\\222';
    else if (code < 256) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += '?';
  }
  return `(${out})`;
}

export function makePdf(options: PdfOptions): Buffer {
  const objects: string[] = [];
  const add = (body: string): number => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add('');
  const pagesId = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const pageIds: number[] = [];
  for (const lines of options.pages) {
    const ops: string[] = [];
    if (options.drawing || lines.length === 0) ops.push('0.8 g 72 300 450 400 re f');
    if (lines.length > 0) {
      ops.push('BT /F1 11 Tf 14 TL 72 770 Td');
      for (const line of lines) ops.push(`${pdfString(line)} Tj T*`);
      ops.push('ET');
    }
    const stream = ops.join('\n');
    const content = add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
    pageIds.push(add(`<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`));
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesId} 0 R >>`;
  objects[pagesId - 1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
  const info = options.title ? add(`<< /Title ${pdfString(options.title)} /Producer (adviesbot tests) >>`) : undefined;
  const encrypt = options.encrypted
    ? add(`<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${'7a'.repeat(32)}> /U <${'3c'.repeat(32)}> >>`)
    : undefined;

  let pdf = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  const id = '<0123456789abcdef0123456789abcdef>';
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${info ? ` /Info ${info} 0 R` : ''}${encrypt ? ` /Encrypt ${encrypt} 0 R /ID [${id} ${id}]` : ''} >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** Bytes that start like a PDF but are not one. */
export function damagedPdf(): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R', 'latin1'), Buffer.alloc(2000, 0x41)]);
}
