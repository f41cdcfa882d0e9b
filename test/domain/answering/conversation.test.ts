import { describe, expect, it } from 'vitest';
import { QuestionAnswerer } from '../../../src/domain/answering/pipeline.js';
import { realKnowledgeBase, TODAY } from '../../support/kb.js';

const qa = new QuestionAnswerer(realKnowledgeBase(), { now: () => TODAY });

describe('conversation: messages that are no question', () => {
  it.each([
    ['dank je', 'thanks'],
    ['Dank je wel!', 'thanks'],
    ['bedankt voor de hulp', 'thanks'],
    ['top, dankjewel 👍', 'thanks'],
    ['oké', 'thanks'],
    ['hoi, bedankt!', 'thanks'],
    ['goedemorgen', 'greeting'],
    ['Hallo allemaal', 'greeting'],
    ['hey', 'greeting'],
    ['hoe gaat het?', 'greeting'],
    ['doei', 'goodbye'],
    ['tot ziens!', 'goodbye'],
    ['fijne dag nog', 'goodbye'],
    ['5', 'unclear'],
    ['2026', 'unclear'],
    ['x', 'unclear'],
    ['de', 'unclear'],
    ['wat?', 'unclear'],
    ['...', 'unclear'],
  ])('"%s" is %s, with a short reply and nothing searched', (message, act) => {
    const reply = qa.respond(message);
    expect(reply.kind).toBe('conversation');
    if (reply.kind !== 'conversation') return;
    expect(reply.act).toBe(act);
    expect(reply.text.length).toBeLessThan(200);
    expect(reply.trace?.decision.by).toBe(`conversation:${act}`);
    const asked = qa.ask(message);
    expect(asked).toMatchObject({ kind: 'unknown', suggestions: [] });
  });

  it('asks what a bare message means, quoting it', () => {
    const reply = qa.respond('5');
    expect(reply.kind === 'conversation' && reply.text).toMatch(/bedoelt met "5".*help/);
  });

  it.each([
    'hoi, wanneer moest de BAR advies geven?',
    'dank je! en hoeveel geld gaat naar participatiecoaching in heumen?',
    'deadlines',
    'goedemorgen, wat is een DVO?',
    'BAR',
  ])('a message with a question in it is asked: "%s"', (message) => {
    expect(qa.respond(message).kind).not.toBe('conversation');
  });
});
