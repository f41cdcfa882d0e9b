// A deadline added in Teams becomes a knowledge entry; its questions are what a related-question button shows
// ("Misschien wil je ook weten:"), so they must read as a member would ask, not as the title typed in the form.
import { describe, expect, it } from 'vitest';
import { deadlineAsKnowledge, deadlineQuestions } from '../../../src/domain/deadlines/as-knowledge.js';
import type { Deadline } from '../../../src/domain/deadlines/deadline.js';

const lead = (title: string, kind: Deadline['kind'], body = 'adviesraad'): string => deadlineQuestions({ title, kind, body })[0]!;

describe('the questions of a deadline added in Teams', () => {
  it('are natural Dutch built from its kind, who delivers and its subject, the first one short enough for a button', () => {
    expect(lead('Zienswijze DVO', 'zienswijze')).toBe('Wanneer moet de DVO-zienswijze binnen zijn?');
    expect(lead('Wmo-advies 2027', 'advies')).toBe('Wanneer moet het Wmo-advies 2027 klaar zijn?');
    expect(lead('Zienswijze DVO: reactie Beuningen', 'zienswijze')).toBe('Wanneer geeft Beuningen de DVO-zienswijze?');
    expect(lead('Vergadering adviesraad', 'vergadering')).toBe('Wanneer is de vergadering van de adviesraad?');
    // Anything but a municipality or an abbreviation is a name: quoted, not built into the sentence.
    expect(lead('Begroting 2027', 'advies')).toBe('Wat is de deadline voor “Begroting 2027”?');
    const beuningen = deadlineQuestions({ title: 'Zienswijze DVO: reactie Beuningen', kind: 'zienswijze', body: 'adviesraad' });
    expect(beuningen).toContain('Wanneer moet de zienswijze van Beuningen op de DVO binnen zijn?');
  });

  it('never lead with a keyword list, a colon or a question that drops the municipality', () => {
    const titles: Array<[string, Deadline['kind'], string]> = [
      ['Zienswijze DVO: reactie Beuningen', 'zienswijze', 'adviesraad'],
      ['Advies Wijchen over de DVO', 'advies', 'adviesraad'],
      ['Reactie Beuningen', 'reactie', 'college'],
      ['Wensen en bedenkingen DVO', 'wensen en bedenkingen', 'gemeenteraad'],
      ['Zienswijze begroting MGR', 'zienswijze', 'DB MGR'],
      ['x', 'advies', 'adviesraad'],
    ];
    for (const [title, kind, body] of titles) {
      const [first] = deadlineQuestions({ title, kind, body });
      expect(first, title).toMatch(/^(Wanneer|Wat) [^:]+\?$/);
      expect(first, title).not.toMatch(/^Wanneer is [A-Z]/);
      for (const m of ['Beuningen', 'Wijchen']) if (title.includes(m)) expect(first, title).toContain(m);
      // Plural kinds take a plural verb.
      if (kind === 'wensen en bedenkingen') expect(first).toMatch(/^Wanneer moeten de wensen en bedenkingen/);
    }
  });

  it('answer in a sentence, with what is asked, not a fragment after it', () => {
    const deadline: Deadline = {
      id: 'd1',
      title: 'Zienswijze DVO',
      body: 'adviesraad',
      kind: 'zienswijze',
      dueDate: '2026-12-10',
      dueTime: '17:00',
      dueAt: '2026-12-10T16:00:00.000Z',
      description: 'De zienswijze van de adviesraad op de DVO',
      conversations: [],
      schedule: [0],
      state: 'open',
      snoozes: [],
      createdBy: { id: 'a', name: 'Secretaris' },
      createdAt: '2026-12-02T12:00:00.000Z',
      updatedBy: { id: 'a', name: 'Secretaris' },
      updatedAt: '2026-12-02T12:00:00.000Z',
    };
    const { entry } = deadlineAsKnowledge(deadline, new Date('2026-12-02T12:00:00Z'));
    // The title names the kind already: not "de zienswijze “Zienswijze DVO”"; a fragment after "Gevraagd:" in lower case.
    expect(entry.answer).toBe('Uiterlijk 10 december 2026 om 17:00 moet de adviesraad “Zienswijze DVO” indienen. Gevraagd: de zienswijze van de adviesraad op de DVO.');
    // A whole sentence stands on its own, not after "Gevraagd:"; a title without its kind gets the kind.
    expect(deadlineAsKnowledge({ ...deadline, title: 'DVO Beuningen', description: 'Het college vraagt een reactie op de DVO.' }, new Date('2026-12-02T12:00:00Z')).entry.answer)
      .toBe('Uiterlijk 10 december 2026 om 17:00 moet de adviesraad de zienswijze “DVO Beuningen” indienen. Het college vraagt een reactie op de DVO.');
    expect(entry.questions[0]).toBe('Wanneer moet de DVO-zienswijze binnen zijn?');
    expect(deadlineAsKnowledge({ ...deadline, description: 'Gevraagd advies.' }, new Date('2026-12-02T12:00:00Z')).entry.answer).toMatch(/indienen\. Gevraagd advies\.$/);
  });
});
