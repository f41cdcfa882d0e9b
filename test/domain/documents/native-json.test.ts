import { describe, expect, it } from 'vitest';
import { extract } from '../../../src/domain/documents/extract.js';
import { makePdf } from '../../support/pdf.js';

describe('reading a PDF leaves the process as it was', () => {
  it('keeps the native JSON.stringify and JSON.parse (pdf.js would install a polyfill 14x slower for every turn)', async () => {
    const { stringify, parse } = JSON;
    const read = await extract(makePdf({ pages: [['De adviesraad geeft uiterlijk 1 oktober 2025 advies over de ontwerp-DVO.']] }), 'advies.pdf');
    expect(read.blocks.map((b) => b.text).join(' ')).toContain('1 oktober 2025');
    expect(JSON.stringify).toBe(stringify);
    expect(JSON.parse).toBe(parse);
    expect(String(JSON.stringify)).toContain('[native code]');
  });
});
