import { civilDateIn, dayNumber, formatDutchDate, type CivilDate } from '../dates.js';
import type { DeadlineKind } from '../deadlines/deadline.js';
import { isoDate, parseIsoDate } from '../time.js';
import { findDates, lastDayOf } from './dutch-dates.js';
import type { Passage } from './passages.js';

/** A deadline found in a document's text, proposed to the organiser who added it. */
export interface DeadlineProposal {
  /** 1, 2, ... within the document. */
  n: number;
  /** The expression as written ("uiterlijk 15 januari 2027") and its sentence. */
  expression: string;
  sentence: string;
  /** The date as the text gives it: 2027-01-15, 2026-09 or 2026-Q4 (written out in Dutch on the card). */
  date: string;
  /** The due day proposed for the register: the day itself, or the last day of the month or quarter. */
  dueDate: string;
  body: string;
  kind: DeadlineKind;
  /** The deadline's title: what it is about. */
  subject: string;
  page?: number;
  paragraph: number;
  /** How the date was worked out, when the text does not give it whole. */
  note?: string;
  state: 'open' | 'toegevoegd' | 'overgeslagen';
  deadlineId?: string;
  handledBy?: string;
}

/** The kind of deadline a sentence speaks of. */
export function kindIn(sentence: string): DeadlineKind {
  const s = sentence.toLowerCase();
  if (/wensen en bedenkingen/.test(s)) return 'wensen en bedenkingen';
  if (/zienswijze/.test(s)) return 'zienswijze';
  if (/\badvie[sz]|adviseren/.test(s)) return 'advies';
  if (/reactie|reageren|antwoord/.test(s)) return 'reactie';
  if (/vergader|bijeenkomst|overleg\b|sessie/.test(s)) return 'vergadering';
  return 'advies';
}

/** Who must deliver: named in the sentence, or who usually gives that kind. */
export function bodyIn(sentence: string, kind: DeadlineKind): string {
  const s = sentence.toLowerCase();
  if (kind === 'wensen en bedenkingen') return 'gemeenteraad';
  if (/dagelijks bestuur|\bdb\b/.test(s)) return 'DB MGR';
  if (/adviesraad|adviesorgaan|cliëntenraad|clientenraad|burgeradviesraad|\bbar\b|werkkamer/.test(s)) return 'adviesraad';
  if (/gemeenteraad|\bde raad\b|\buw raad\b/.test(s)) return kind === 'advies' ? 'adviesraad' : 'gemeenteraad';
  if (/\bcollege\b/.test(s) && kind !== 'advies') return 'college';
  return kind === 'zienswijze' ? 'college' : 'adviesraad';
}

const KIND_TITLE: Record<DeadlineKind, string> = {
  advies: 'Advies',
  zienswijze: 'Zienswijze',
  'wensen en bedenkingen': 'Wensen en bedenkingen',
  reactie: 'Reactie',
  vergadering: 'Vergadering',
};

/**
 * The dates in a document that look like something to deliver: with a deadline word before them ("uiterlijk",
 * "voor", "binnen zes weken na ontvangst"), or a month or quarter in which something must happen. Dates that
 * have passed are left out, as is a second proposal for the same day and kind.
 */
export function proposeDeadlines(
  passages: Passage[],
  document: { title: string; date?: string; receivedAt?: string },
  now: Date,
): DeadlineProposal[] {
  const reference = (document.date ? parseIsoDate(document.date) : undefined) ?? civilDateIn(now);
  const received: CivilDate | undefined = document.receivedAt ? parseIsoDate(document.receivedAt) : undefined;
  const today = dayNumber(civilDateIn(now));
  const seen = new Set<string>();
  const out: DeadlineProposal[] = [];
  for (const passage of passages) {
    for (const found of findDates(passage.text, { reference, ...(received ? { received } : {}) })) {
      if (!found.deadline && found.precision === 'day') continue;
      if (found.precision === 'year') continue;
      const due = lastDayOf(found.date);
      if (dayNumber(due) < today) continue;
      const kind = kindIn(found.sentence);
      const key = `${isoDate(due)}:${kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const subject = `${KIND_TITLE[kind]}: ${document.title}`.slice(0, 120);
      out.push({
        n: out.length + 1,
        expression: found.text,
        sentence: found.sentence.slice(0, 1000),
        date: found.date,
        dueDate: isoDate(due),
        body: bodyIn(found.sentence, kind),
        kind,
        subject,
        ...(passage.page !== undefined ? { page: passage.page } : {}),
        paragraph: passage.paragraph,
        ...(found.note ? { note: found.note } : found.precision !== 'day' ? { note: `de tekst noemt ${formatDutchDate(found.date)}; voorgesteld is de laatste dag daarvan` } : {}),
        state: 'open',
      });
      if (out.length >= 10) return out;
    }
  }
  return out;
}
