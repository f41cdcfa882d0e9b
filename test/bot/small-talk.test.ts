import { TestAdapter, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { compose } from '../../src/compose.js';
import { loadConfig } from '../../src/config.js';
import { MemoryStore } from '../../src/storage/memory-storage.js';
import { realKnowledgeBase, TODAY } from '../support/kb.js';
import { memoryLogger } from '../support/logs.js';

function setup() {
  const c = compose(loadConfig({ STORAGE: 'memory' }), memoryLogger('silent').logger, { kb: realKnowledgeBase(), store: new MemoryStore(), now: () => TODAY });
  return { c, adapter: new TestAdapter(async (context) => c.bot.run(context)) };
}

describe('small talk and bare input in a chat', () => {
  const table: Array<[string, RegExp]> = [
    ['dank je wel!', /Graag gedaan/],
    ['Bedankt allemaal', /Graag gedaan/],
    ['goedemiddag allemaal', /Hallo! Stel gerust je vraag/],
    ['doei', /Tot ziens/],
    ['5', /Ik weet niet goed wat je bedoelt met "5"/],
    ['a', /wat je bedoelt/],
  ];
  it.each(table)('"%s" gets a short text reply matching %s, not an answer card, and is not kept as an open question', async (text, expected) => {
    const { c, adapter } = setup();
    await adapter.send(text).assertReply((activity: Partial<Activity>) => {
      expect(activity.attachments ?? []).toHaveLength(0);
      expect(activity.text).toMatch(expected);
      expect(activity.text).not.toMatch(/weet ik niet zeker/i);
    });
    expect(await c.curationStore.questions()).toHaveLength(0);
  });

  it('still answers a real question that starts with a greeting', async () => {
    const { adapter } = setup();
    await adapter.send('Hoi, wat is de deadline voor het BAR-advies?').assertReply((activity: Partial<Activity>) => {
      expect(JSON.stringify(activity.attachments?.[0]?.content)).toContain('1 oktober 2025');
    });
  });
});
