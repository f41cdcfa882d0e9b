// A deadline added in Teams becomes a knowledge entry; its questions are what a related-question button shows
// ("Misschien wil je ook weten:"), so they must read as a member would ask, not as the title typed in the form.
import { describe, expect, it } from 'vitest';
import { deadlineAsKnowledge, deadlineQuestions } from '../../../src/domain/deadlines/as-knowledge.js';
import type { Deadline } from '../../../src/domain/deadlines/deadline.js';
import { renderReminder } from '../../../src/bot/deadline-cards.js';
import { SAMPLE_DEADLINE } from '../../support/sample-deadline.js';

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
      .toBe('Uiterlijk 10 december 2026 om 17:00 moet de adviesraad de zienswijze op “DVO Beuningen” indienen. Het college vraagt een reactie op de DVO.');
    expect(entry.questions[0]).toBe('Wanneer moet de DVO-zienswijze binnen zijn?');
    expect(deadlineAsKnowledge({ ...deadline, description: 'Gevraagd advies.' }, new Date('2026-12-02T12:00:00Z')).entry.answer).toMatch(/indienen\. Gevraagd advies\.$/);
  });
});

describe('the sentences that say when a deadline falls, for every kind', () => {
  const now = new Date('2026-11-23T12:00:00+01:00');
  const base = { ...SAMPLE_DEADLINE, description: '' };
  const reminderText = (d: Deadline, daysLeft: number): string => {
    const card = JSON.stringify(renderReminder({ deadline: d, reminder: { deadlineId: d.id, conversationId: 'c1', slot: `d${daysLeft}`, daysBefore: daysLeft, at: '2026-12-09T08:00:00.000Z', snooze: false }, daysLeft, late: false }, now));
    return /"text":"((?:Over|Morgen|Vandaag)[^"]*)"/.exec(card)?.[1] ?? '';
  };
  // An advice is "uitgebracht", a zienswijze "ingediend", wensen en bedenkingen "kenbaar gemaakt", a reaction
  // "gestuurd"; a title that names its kind is not given the kind again ("het advies “Wmo-advies 2027”").
  it.each<[Pick<Deadline, 'title' | 'kind' | 'body'>, string, string]>([
    [{ title: 'Advies over de Wmo-verordening 2027', kind: 'advies', body: 'adviesraad' }, 'moet de adviesraad “Advies over de Wmo-verordening 2027” uitbrengen.', 'Over 7 dagen brengt de adviesraad het advies uit.'],
    [{ title: 'Wmo-advies 2027', kind: 'advies', body: 'adviesraad' }, 'moet de adviesraad “Wmo-advies 2027” uitbrengen.', 'Over 7 dagen brengt de adviesraad het advies uit.'],
    [{ title: 'Participatiecoaching Wijchen', kind: 'advies', body: 'adviesraad' }, 'moet de adviesraad het advies over “Participatiecoaching Wijchen” uitbrengen.', 'Over 7 dagen brengt de adviesraad het advies uit.'],
    [{ title: 'Begroting MGR 2027', kind: 'zienswijze', body: 'gemeenteraad' }, 'moet de gemeenteraad de zienswijze op “Begroting MGR 2027” indienen.', 'Over 7 dagen dient de gemeenteraad de zienswijze in.'],
    [{ title: 'Begroting MGR 2027', kind: 'zienswijze', body: 'DB MGR' }, 'moet het dagelijks bestuur van de MGR de zienswijze op “Begroting MGR 2027” indienen.', 'Over 7 dagen dient het dagelijks bestuur van de MGR de zienswijze in.'],
    [{ title: 'Wmo-verordening', kind: 'wensen en bedenkingen', body: 'gemeenteraad' }, 'moet de gemeenteraad de wensen en bedenkingen over “Wmo-verordening” kenbaar maken.', 'Over 7 dagen maakt de gemeenteraad de wensen en bedenkingen kenbaar.'],
    [{ title: 'Reactie op het advies jeugd', kind: 'reactie', body: 'college' }, 'moet het college “Reactie op het advies jeugd” sturen.', 'Over 7 dagen stuurt het college de reactie.'],
    [{ title: 'Werkkamer januari', kind: 'vergadering', body: 'adviesraad' }, 'De vergadering “Werkkamer januari” is op 16 december 2026 om 17:00.', 'Over 7 dagen is de vergadering.'],
    [{ title: 'Vergadering adviesraad januari', kind: 'vergadering', body: 'adviesraad' }, '“Vergadering adviesraad januari” is op 16 december 2026 om 17:00.', 'Over 7 dagen is de vergadering.'],
  ])('%o', (fields, answer, reminder) => {
    const d: Deadline = { ...base, ...fields };
    const text = deadlineAsKnowledge(d, now).entry.answer;
    expect(text).toBe(fields.kind === 'vergadering' ? answer : `Uiterlijk 16 december 2026 om 17:00 ${answer}`);
    expect(text).not.toMatch(/levert|indienen\b.*\badvies|advies\b.*\bindienen/);
    expect(reminderText(d, 7)).toBe(reminder);
    expect(reminderText(d, 0)).toMatch(/^Vandaag .*, (?:uiterlijk )?om 17:00\.$/);
  });

  it('the sample deadline of the card screenshots reads as natural Dutch', () => {
    expect(deadlineAsKnowledge(SAMPLE_DEADLINE, now).entry.answer).toBe(
      'Uiterlijk 16 december 2026 om 17:00 moet de adviesraad “Advies over de Wmo-verordening 2027” uitbrengen. Het college vraagt de adviesraad om advies over de nieuwe verordening.',
    );
  });
});
