import { describe, expect, it } from 'vitest';
import { answerFromDocuments } from '../../../src/domain/documents/answer.js';
import { DocumentStore } from '../../../src/domain/documents/document-store.js';
import { DocumentError, extract, MAX_DOCUMENT_BYTES } from '../../../src/domain/documents/extract.js';
import { PassageIndex } from '../../../src/domain/documents/passage-index.js';
import { QuestionAnswerer } from '../../../src/domain/knowledge/qa.js';
import { MemoryStore } from '../../../src/storage/memory-storage.js';
import { adviesaanvraagDocx, adviesaanvraagPdf } from '../../support/documents.js';
import { realKnowledgeBase } from '../../support/kb.js';
import { damagedPdf, makePdf } from '../../support/pdf.js';

const NOW = new Date('2026-12-02T10:00:00+01:00');
const ORGANISER = { id: 'org-1', name: 'Sanne Secretaris' };
const qa = new QuestionAnswerer(realKnowledgeBase(), { now: () => NOW });
const terms = (text: string): string[] => qa.retriever.analyzer.indexTerms(text);

async function refused(promise: Promise<unknown>): Promise<DocumentError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentError);
  return error as DocumentError;
}

describe('extraction', () => {
  it('reads a PDF per page, in paragraphs', async () => {
    const extracted = await extract(adviesaanvraagPdf(), 'aanvraag.pdf');
    expect(extracted.kind).toBe('pdf');
    expect(extracted.pages).toBe(2);
    const deadline = extracted.blocks.find((b) => b.text.includes('uiterlijk 15 januari 2027'))!;
    expect(deadline.page).toBe(2);
    expect(deadline.text).toBe('Wij ontvangen uw advies graag uiterlijk 15 januari 2027, zodat het college de verordening in het eerste kwartaal van 2027 kan vaststellen.');
  });

  it('reads a DOCX with its heading', async () => {
    const extracted = await extract(await adviesaanvraagDocx(), 'aanvraag.docx');
    expect(extracted.kind).toBe('docx');
    expect(extracted.blocks[0]).toEqual({ text: 'Adviesaanvraag verordening Wmo-hulpmiddelen 2027', heading: 1 });
    expect(extracted.blocks.some((b) => b.text.startsWith('Nieuw is dat inwoners een scootmobiel'))).toBe(true);
  });

  it('reads plain text and Markdown', async () => {
    const md = await extract(Buffer.from('# Notitie jeugdhulp\n\nDe **wachttijd** voor jeugdhulp is gemiddeld elf weken in Druten.\n\n- eerste punt met genoeg tekst\n'), 'notitie.md');
    expect(md.blocks).toEqual([
      { text: 'Notitie jeugdhulp', heading: 1 },
      { text: 'De wachttijd voor jeugdhulp is gemiddeld elf weken in Druten.' },
      { text: 'eerste punt met genoeg tekst' },
    ]);
    const txt = await extract(Buffer.from('Eerste alinea met tekst over de adviesraad.\r\n\r\nTweede alinea over de gemeenteraad.'), 'brief.txt');
    expect(txt.blocks.map((b) => b.text)).toEqual(['Eerste alinea met tekst over de adviesraad.', 'Tweede alinea over de gemeenteraad.']);
  });

  it.each([
    ['an encrypted PDF', () => makePdf({ pages: [['Geheime tekst die niemand mag lezen zonder wachtwoord.']], encrypted: true }), 'geheim.pdf', 'versleuteld', /wachtwoord/],
    ['a damaged PDF', () => damagedPdf(), 'kapot.pdf', 'beschadigd', /beschadigd/],
    ['a scan without a text layer', () => makePdf({ pages: [[], []], drawing: true }), 'scan.pdf', 'geen-tekst', /scan zonder tekstlaag/],
    ['an unknown type', () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'foto.png', 'onbekend-type', /PDF, Word/],
    ['an old .doc', () => Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'oud.doc', 'onbekend-type', /\.docx/],
    ['a zip that is no docx', () => Buffer.from('PK\x03\x04 something else', 'latin1'), 'map.zip', 'onbekend-type', /zip/],
    ['a binary called .txt', () => Buffer.from([0x41, 0, 0x42]), 'nep.txt', 'onbekend-type', /geen tekst/],
    ['an empty file', () => Buffer.alloc(0), 'leeg.pdf', 'leeg', /leeg/],
    ['a file over 20 MB', () => Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x20), 'groot.pdf', 'te-groot', /20 MB/],
  ])('refuses %s with a Dutch message', async (_name, bytes, fileName, code, message) => {
    const error = await refused(extract(bytes(), fileName));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});

describe('DocumentStore', () => {
  it('stores a document with title and date read from it, passages with pages, and its proposals', async () => {
    const store = new MemoryStore();
    const documents = new DocumentStore(store, () => NOW);
    const { document, passages, proposals } = await documents.add({ bytes: adviesaanvraagPdf(), fileName: 'aanvraag.pdf', addedBy: ORGANISER });
    expect(document).toMatchObject({ title: 'Adviesaanvraag verordening Wmo-hulpmiddelen 2027', date: '2026-12-01', titleFromDocument: true, dateFromDocument: true, kind: 'pdf', pages: 2 });
    expect(passages.find((p) => p.text.includes('uitleenpool'))).toMatchObject({ page: 2 });
    expect(proposals.map((p) => [p.expression, p.dueDate, p.kind, p.body])).toEqual([
      ['uiterlijk 15 januari 2027', '2027-01-15', 'advies', 'adviesraad'],
      // "zodat het college de verordening in het eerste kwartaal van 2027 kan vaststellen": the college's decision,
      // no deadline for the adviesraad (test/domain/documents/proposals.test.ts has the other phrasings).
      ['binnen zes weken na ontvangst van het ontwerp', '2027-01-13', 'wensen en bedenkingen', 'gemeenteraad'],
      ['in januari 2027', '2027-01-31', 'vergadering', 'adviesraad'],
    ]);
    expect((await documents.list()).map((d) => d.id)).toEqual([document.id]);
    expect(await documents.proposals(document.id)).toHaveLength(3);
  });

  it('takes the title, date and author the organiser gives, and lets them be edited', async () => {
    const documents = new DocumentStore(new MemoryStore(), () => NOW);
    const { document } = await documents.add({ bytes: await adviesaanvraagDocx(), fileName: 'a.docx', title: 'Wmo-verordening', date: '2026-11-30', author: 'Gemeente Wijchen', addedBy: ORGANISER });
    expect(document).toMatchObject({ title: 'Wmo-verordening', date: '2026-11-30', author: 'Gemeente Wijchen', titleFromDocument: false, dateFromDocument: false });
    const edited = await documents.edit(document.id, { title: 'Verordening Wmo-hulpmiddelen' });
    expect(edited).toMatchObject({ title: 'Verordening Wmo-hulpmiddelen', version: 2 });
    await expect(documents.edit(document.id, { date: '2026-02-30' })).rejects.toThrow(/geen geldige datum/);
  });

  it('refuses a document that is already there, and bad input, storing nothing', async () => {
    const store = new MemoryStore();
    const documents = new DocumentStore(store, () => NOW);
    await documents.add({ bytes: adviesaanvraagPdf(), fileName: 'aanvraag.pdf', addedBy: ORGANISER });
    const before = await store.keys('');
    const again = await refused(documents.add({ bytes: adviesaanvraagPdf(), fileName: 'kopie.pdf', addedBy: ORGANISER }));
    expect(again.code).toBe('bestaat-al');
    expect(again.message).toContain('Adviesaanvraag verordening Wmo-hulpmiddelen 2027');
    expect((await refused(documents.add({ bytes: damagedPdf(), fileName: 'kapot.pdf', addedBy: ORGANISER }))).code).toBe('beschadigd');
    expect((await refused(documents.add({ bytes: adviesaanvraagPdf({ title: 'x' }), fileName: 'a.pdf', date: '15-01-2027', addedBy: ORGANISER }))).message).toMatch(/JJJJ-MM-DD/);
    expect(await store.keys('')).toEqual(before);
  });

  it('removes a document with its passages and proposals', async () => {
    const store = new MemoryStore();
    const documents = new DocumentStore(store, () => NOW);
    const { document } = await documents.add({ bytes: adviesaanvraagPdf(), fileName: 'aanvraag.pdf', addedBy: ORGANISER });
    expect(await documents.remove(document.id)).toMatchObject({ id: document.id });
    expect(await store.keys('document')).toEqual([]);
    expect(await documents.remove(document.id)).toBeUndefined();
  });

  it('lets one organiser handle a proposal once, also when two press at the same time', async () => {
    const documents = new DocumentStore(new MemoryStore(), () => NOW);
    const { document } = await documents.add({ bytes: adviesaanvraagPdf(), fileName: 'aanvraag.pdf', addedBy: ORGANISER });
    const results = await Promise.all([1, 2].map((i) => documents.handleProposal(document.id, 1, (p) => ({ ...p, state: 'toegevoegd', handledBy: `org-${i}` }))));
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect((await documents.proposals(document.id))[0]!.state).toBe('toegevoegd');
  });
});

describe('replacing a document by a new version', () => {
  const QUESTION = 'Krijg ik een scootmobiel in bruikleen of in eigendom?';

  it('replaces the version named explicitly: its passages leave the index on every instance, decisions carry over', async () => {
    const store = new MemoryStore();
    const here = new DocumentStore(store, () => NOW);
    const elsewhere = new PassageIndex(terms);
    const v1 = (await here.add({ bytes: adviesaanvraagPdf(), fileName: 'aanvraag.pdf', author: 'Gemeente Wijchen', addedBy: ORGANISER })).document;
    await elsewhere.sync(here);
    expect(answerFromDocuments({ kind: 'unknown' }, QUESTION, elsewhere)?.passage.text).toContain('uitleenpool in Wijchen');
    // The wensen en bedenkingen were added from version 1; version 2 has them too, and a new advice date.
    await here.handleProposal(v1.id, 2, (p) => ({ ...p, state: 'toegevoegd', deadlineId: 'dl-1', handledBy: ORGANISER.name }));

    const v2 = await here.add({ bytes: adviesaanvraagPdf({ version: 2 }), fileName: 'aanvraag-v2.pdf', title: 'Wmo-hulpmiddelen, tweede versie', replaces: v1.id, addedBy: ORGANISER });
    expect(v2.replaced).toMatchObject({ id: v1.id });
    expect(v2.document).toMatchObject({ title: 'Wmo-hulpmiddelen, tweede versie', date: '2026-12-08', author: 'Gemeente Wijchen', replaces: { id: v1.id, title: v1.title } });
    expect(v2.proposals.map((p) => [p.dueDate, p.state])).toEqual([
      ['2027-01-29', 'open'],
      ['2027-01-13', 'toegevoegd'],
      ['2027-01-31', 'open'],
    ]);
    expect((await here.list()).map((d) => d.id)).toEqual([v2.document.id]);
    expect(await store.keys(`document-body/${v1.id}`)).toEqual([]);
    expect(await elsewhere.sync(here)).toEqual({ added: 1, removed: 1 });
    expect(elsewhere.documentIds()).toEqual([v2.document.id]);
    const answer = answerFromDocuments({ kind: 'unknown' }, QUESTION, elsewhere)!;
    expect(answer.passage.text).toContain('uitleenpool in Beuningen');
    expect(elsewhere.search('uitleenpool Wijchen scootmobiel bruikleen', 50).map((f) => f.passage.text).join(' ')).not.toContain('uitleenpool in Wijchen');
  });

  it('takes a document with the same title as a new version of it', async () => {
    const documents = new DocumentStore(new MemoryStore(), () => NOW);
    const v1 = (await documents.add({ bytes: adviesaanvraagPdf(), fileName: 'aanvraag.pdf', addedBy: ORGANISER })).document;
    const v2 = await documents.add({ bytes: adviesaanvraagPdf({ version: 2 }), fileName: 'aanvraag (2).pdf', addedBy: ORGANISER });
    expect(v2.document.title).toBe(v1.title);
    expect(v2.replaced?.id).toBe(v1.id);
    expect((await documents.list()).map((d) => d.id)).toEqual([v2.document.id]);
  });

  it('refuses a replacement of a document that is not there, or by the same file, changing nothing', async () => {
    const store = new MemoryStore();
    const documents = new DocumentStore(store, () => NOW);
    const v1 = (await documents.add({ bytes: adviesaanvraagPdf(), fileName: 'aanvraag.pdf', addedBy: ORGANISER })).document;
    const before = await store.keys('');
    const missing = await refused(documents.add({ bytes: adviesaanvraagPdf({ version: 2 }), fileName: 'v2.pdf', replaces: '000000000000', addedBy: ORGANISER }));
    expect(missing.code).toBe('niet-gevonden');
    expect(missing.message).toMatch(/geen document met id "000000000000" om te vervangen/);
    const same = await refused(documents.add({ bytes: adviesaanvraagPdf(), fileName: 'aanvraag.pdf', replaces: v1.id, addedBy: ORGANISER }));
    expect(same.message).toMatch(/dezelfde versie/);
    expect((await refused(documents.add({ bytes: damagedPdf(), fileName: 'kapot.pdf', replaces: v1.id, addedBy: ORGANISER }))).code).toBe('beschadigd');
    expect(await store.keys('')).toEqual(before);
  });

  it('never lists (or indexes) an old version whose removal did not happen, such as after a crash', async () => {
    const store = new MemoryStore();
    const documents = new DocumentStore(store, () => NOW);
    const v1 = (await documents.add({ bytes: adviesaanvraagPdf(), fileName: 'aanvraag.pdf', addedBy: ORGANISER })).document;
    const bodyOfV1 = (await store.read([`document-body/${v1.id}`]))[`document-body/${v1.id}`]!;
    const v2 = await documents.add({ bytes: adviesaanvraagPdf({ version: 2 }), fileName: 'v2.pdf', replaces: v1.id, addedBy: ORGANISER });
    // The old records as they were before the removal.
    await store.write({ [`document-meta/${v1.id}`]: { ...v1, eTag: '*' }, [`document-body/${v1.id}`]: { ...bodyOfV1, eTag: '*' } });
    expect((await documents.list()).map((d) => d.id)).toEqual([v2.document.id]);
    const index = new PassageIndex(terms);
    await index.sync(documents);
    expect(index.documentIds()).toEqual([v2.document.id]);
  });
});

describe('PassageIndex and the fallback', () => {
  it('answers a question only the document answers, with the passage verbatim and its page', async () => {
    const store = new MemoryStore();
    const documents = new DocumentStore(store, () => NOW);
    await documents.add({ bytes: adviesaanvraagPdf(), fileName: 'aanvraag.pdf', addedBy: ORGANISER });
    const index = new PassageIndex(terms);
    await index.sync(documents);
    const question = 'Krijg ik een scootmobiel in bruikleen of in eigendom?';
    const kb = qa.ask(question);
    expect(kb.kind).toBe('unknown');
    const answer = answerFromDocuments(kb, question, index)!;
    expect(answer.passage.text).toContain('in bruikleen krijgen van de uitleenpool in Wijchen');
    expect(answer.passage.page).toBe(2);
    expect(answer.document.title).toBe('Adviesaanvraag verordening Wmo-hulpmiddelen 2027');
  });

  it('keeps the curated answer where there is one, and declines what the documents do not cover', async () => {
    const documents = new DocumentStore(new MemoryStore(), () => NOW);
    await documents.add({ bytes: adviesaanvraagPdf(), fileName: 'aanvraag.pdf', addedBy: ORGANISER });
    const index = new PassageIndex(terms);
    await index.sync(documents);
    const curated = qa.ask('Welke focusgroepen zijn er?');
    expect(curated.kind).toBe('answer');
    expect(answerFromDocuments(curated, 'Welke focusgroepen zijn er?', index)).toBeUndefined();
    for (const question of ['Hoeveel kost een rolstoelbus in Heumen?', 'scootmobiel', 'Wat vindt de wethouder van voetbal?']) {
      expect(answerFromDocuments({ kind: 'unknown' }, question, index), question).toBeUndefined();
    }
  });

  it('follows adds and removals made on another instance at its next sync', async () => {
    const store = new MemoryStore();
    const here = new DocumentStore(store, () => NOW);
    const elsewhere = new DocumentStore(store, () => NOW);
    const index = new PassageIndex(terms);
    const { document } = await elsewhere.add({ bytes: adviesaanvraagPdf(), fileName: 'aanvraag.pdf', addedBy: ORGANISER });
    expect(await index.sync(here)).toEqual({ added: 1, removed: 0 });
    expect(index.search('scootmobiel bruikleen uitleenpool')[0]?.document.id).toBe(document.id);
    await elsewhere.edit(document.id, { title: 'Nieuwe titel' });
    await index.sync(here);
    expect(index.search('scootmobiel bruikleen uitleenpool')[0]?.document.title).toBe('Nieuwe titel');
    await elsewhere.remove(document.id);
    expect(await index.sync(here)).toEqual({ added: 0, removed: 1 });
    expect(index.search('scootmobiel bruikleen uitleenpool')).toEqual([]);
    expect(index.passageCount).toBe(0);
  });
});
