// The chat CLI (`npm run chat`) against the real HTTP endpoint, as a newcomer uses it: scripts/chat.ts runs as its
// own process, its replies come back on its reply endpoint, and its input is typed line by line.
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { compose, type Composition } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { listConversations } from '../../src/bot/conversations.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
import { FakeClock } from '../support/clock.js';
import { realKnowledgeBase } from '../support/kb.js';
import { memoryLogger } from '../support/logs.js';

async function bot(): Promise<{ c: Composition; url: string }> {
  const clock = new FakeClock('2026-11-23T12:00:00+01:00');
  const c = compose(loadConfig({ STORAGE: 'memory', PUBLIC_URL: 'https://adviesbot.example.nl' }), memoryLogger('silent').logger, {
    kb: realKnowledgeBase(),
    store: new MemoryStore(),
    now: clock.now,
    draftUpdateDelayMs: 5,
  });
  await new Promise<void>((resolve) => c.app.listen(0, '127.0.0.1', resolve));
  return { c, url: `http://127.0.0.1:${(c.app.address() as AddressInfo).port}/api/messages` };
}

/** Runs the chat CLI with these arguments and typed lines; `keepOpen` leaves its input open (a person at the keyboard). */
function chat(botUrl: string, args: string[], lines: string[], options: { keepOpen?: boolean; env?: Record<string, string> } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/chat.ts', ...args], {
    env: { ...process.env, BOT_URL: botUrl, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdin.write(lines.map((l) => `${l}\n`).join(''));
  if (!options.keepOpen) child.stdin.end();
  const done = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, done, out: () => stdout, err: () => stderr };
}

describe('npm run chat', () => {
  it('walks a draft as a member would: post, comment, a refused and a kept vote, close with an outcome, export', async () => {
    const { c, url } = await bot();
    try {
      const run = chat(url, [], [
        'deeladvies',
        '1', // Plaatsen: every field of the form is asked
        '1.2',
        'Participatiecoaching borgen',
        'Het adviesorgaan adviseert participatiecoaching te borgen.',
        '2026-11-30',
        '', // om [17:00]
        'live',
        '', // anoniem [false]
        '', // quorum
        '2', // Plaats reactie: asks for the comment, not for the vote
        'Graag meetbaar maken.',
        '1', // Stem
        'oneens',
        '', // no reason: refused, the choice stays
        '1', // Stem again: the choice is still "oneens"
        '',
        'Te vaag over wie het doet.',
        '1', // Stem wijzigen: the choice by its number, the kept reason emptied with "-"
        '1',
        '-',
        '1', // and back to Oneens by its title, with a reason
        'Oneens',
        'Te vaag over wie het doet.',
        '5', // Sluit de stemming: asks for the outcome
        'Overgenomen met aanpassingen.',
        '2', // Exporteren
        'stop',
      ], { env: { CHAT_CONVERSATION_ID: 'cli-walk' } });
      expect(await run.done, run.err() + run.out()).toBe(0);
      const out = run.out();
      expect(out).toContain('Nieuw deeladvies ter stemming');
      expect(out).toContain('Deeladvies 1.2 is geplaatst');
      expect(out).toContain('Je reactie op dit deeladvies');
      expect(out).toContain('Je reactie is toegevoegd.');
      expect(out).not.toContain('Je reactie was leeg');
      expect(out).toContain('⚠ Geef bij Oneens kort aan waarom');
      // Choices by their titles, numbered, and the kept choice shown as the card shows it.
      expect(out).toContain('Jouw stem (1 Eens, 2 Eens met aanpassingen, 3 Oneens, 4 Onthouding) [Oneens]');
      expect(out).toContain('Wanneer zien leden de uitslag? (1 Meteen (live), 2 Na hun eigen stem, 3 Pas na sluiting) [Na hun eigen stem]');
      expect(out).toContain('Korte toelichting (verplicht bij Oneens) [Te vaag over wie het doet.; - maakt leeg]');
      expect(out).toContain('Dank je, je stem is opgeslagen.');
      expect(out).toContain('Je hebt gestemd: Eens\n');
      // In the order Teams shows them: the form's confirmation, then the card "below" it; the export card below
      // the card that says the links come in a separate message.
      expect(out.indexOf('Deeladvies 1.2 is geplaatst')).toBeLessThan(out.indexOf('Stemmen kan tot'));
      expect(out.lastIndexOf('De downloadlinks staan in een apart bericht hieronder')).toBeLessThan(out.lastIndexOf('Export van deeladvies 1.2'));
      expect(out).toContain('Uitkomst, in een paar zinnen');
      expect(out).toContain('Overgenomen met aanpassingen.');
      expect(out).toMatch(/https:\/\/adviesbot\.example\.nl\/export\/[A-Za-z0-9_-]{32}\/deeladvies-1\.2\.docx/);
      const draft = (await c.draftStore.all())[0]!;
      expect((await c.draftStore.comments(draft.id)).map((x) => x.text)).toEqual(['Graag meetbaar maken.']);
      expect(draft.outcome).toBe('Overgenomen met aanpassingen.');
      expect((await c.draftStore.tally(draft)).counts.oneens).toBe(1);
    } finally {
      c.app.close();
    }
  }, 60_000);

  it('exits with code 1 when no bot is reachable, even while its input stays open', async () => {
    const { c, url } = await bot();
    c.app.close();
    await new Promise((r) => setTimeout(r, 50));
    const run = chat(url, [], [], { keepOpen: true });
    const code = await Promise.race([run.done, new Promise<'hangt'>((r) => setTimeout(() => r('hangt'), 15_000))]);
    if (code === 'hangt') run.child.kill();
    expect(code).toBe(1);
    expect(run.err()).toContain('Geen bot bereikbaar op');
    const oneShot = chat(url, ['wat is de deadline voor het BAR-advies?'], []);
    expect(await oneShot.done).toBe(1);
  }, 40_000);

  it('leaves one conversation record behind, however often a one-shot question is asked', async () => {
    const { c, url } = await bot();
    try {
      for (let i = 0; i < 3; i++) {
        const run = chat(url, ['wat is de deadline voor het BAR-advies?'], []);
        expect(await run.done, run.err()).toBe(0);
        expect(run.out()).toContain('1 oktober 2025');
        // The answer's buttons stand under the line that introduces them, as on the card.
        expect(run.out()).toMatch(/Had je hier iets aan\?\n\s+\[1\] Nuttig\n\s+\[2\] Niet nuttig\nMisschien wil je ook weten:\n\s+\[3\] /);
      }
      const help = chat(url, ['help'], []);
      expect(await help.done, help.err()).toBe(0);
      expect(help.out()).toMatch(/Je kunt bijvoorbeeld vragen \(tik op een vraag\):\n\s+\[1\] Wat is de deadline voor het BAR-advies\?/);
      expect(await listConversations(c.store)).toHaveLength(1);
    } finally {
      c.app.close();
    }
  }, 60_000);
});
