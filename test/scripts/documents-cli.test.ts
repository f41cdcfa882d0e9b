import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentStore } from '../../src/domain/documents/document-store.js';
import { SqliteStore } from '../../src/storage/sqlite-storage.js';
import { adviesaanvraagPdf } from '../support/documents.js';
import { damagedPdf } from '../support/pdf.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'adviesbot-documents-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/documents.ts', ...args], {
      env: { ...process.env, DATA_DIR: dir, STORAGE: 'sqlite', LOG_LEVEL: 'silent' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run documents', () => {
  it('adds, lists and removes a document in the SQLite file npm start uses, refusing bad input', async () => {
    const pdf = join(dir, 'aanvraag.pdf');
    writeFileSync(pdf, adviesaanvraagPdf());
    writeFileSync(join(dir, 'kapot.pdf'), damagedPdf());
    // The bot's own store is open at the same time (WAL: two processes on one file).
    const running = new SqliteStore(join(dir, 'adviesbot.sqlite'));
    const added = await cli('add', pdf, '--author', 'Gemeente Wijchen');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('"Adviesaanvraag verordening Wmo-hulpmiddelen 2027" (titel uit het document)');
    // Which proposals it prints depends on today (passed dates are left out); the domain tests fix the clock.
    expect(added.stdout).toContain('Datum: 1 december 2026 (uit het document)');
    const [document] = await new DocumentStore(running).list();
    expect(document).toMatchObject({ author: 'Gemeente Wijchen', date: '2026-12-01' });

    // Each run starts a process (about 2 s, much more while the whole suite runs): the refusals run side by side.
    const [again, broken, missing, badDate, unknown] = await Promise.all([
      cli('add', pdf),
      cli('add', join(dir, 'kapot.pdf')),
      cli('add', join(dir, 'bestaat-niet.pdf')),
      cli('add', pdf, '--date', '1 januari'),
      cli('frobnicate'),
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Dit document is er al');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('geen leesbare PDF');
    expect(missing.stderr).toContain('bestaat niet');
    expect(badDate.stderr).toContain('geen geldige datum');
    expect(unknown.code).toBe(2);

    const listed = await cli('list');
    expect(listed.stdout).toContain(`${document!.id}  Adviesaanvraag verordening Wmo-hulpmiddelen 2027 (1 december 2026)`);

    // A new version replaces the old one; a replacement of an unknown id changes nothing.
    const v2 = join(dir, 'aanvraag-v2.pdf');
    writeFileSync(v2, adviesaanvraagPdf({ version: 2 }));
    const [unknownId, badArgs] = await Promise.all([cli('replace', '000000000000', v2), cli('replace', document!.id)]);
    expect(unknownId.code).toBe(1);
    expect(unknownId.stderr).toContain('Er is geen document met id "000000000000" om te vervangen');
    expect(badArgs.code).toBe(2);
    expect((await new DocumentStore(running).list()).map((d) => d.id)).toEqual([document!.id]);
    const replaced = await cli('replace', document!.id, v2);
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain(`Nieuwe versie van "Adviesaanvraag verordening Wmo-hulpmiddelen 2027" (${document!.id}`);
    const [newVersion, ...rest] = await new DocumentStore(running).list();
    expect(rest).toEqual([]);
    expect(newVersion).toMatchObject({ date: '2026-12-08', author: 'Gemeente Wijchen', replaces: { id: document!.id } });

    const removed = await cli('remove', newVersion!.id);
    expect(removed.stdout).toContain('Verwijderd');
    expect(await new DocumentStore(running).list()).toEqual([]);
    expect((await cli('remove', newVersion!.id)).code).toBe(1);
    await running.close();
  }, 240_000);
});
