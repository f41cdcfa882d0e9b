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

/**
 * Where a clause of a sentence ends: a semicolon, or a conjunction that starts a clause about something else
 * ("Wij ontvangen uw advies graag uiterlijk 15 januari 2027, | zodat het college de verordening in het eerste
 * kwartaal van 2027 kan vaststellen").
 */
const CLAUSE_BREAK = /;|,?\s+(?=(?:zodat|waarna|nadat|voordat|omdat|opdat|zodra|waarbij|waarin|waarop|terwijl|daarna|daarbij|vervolgens)\b)/giu;

/** The clause of a sentence that an expression stands in; the whole sentence when it cannot be found. */
export function clauseOf(sentence: string, expression: string): string {
  const at = sentence.indexOf(expression);
  if (at < 0) return sentence;
  let start = 0;
  let end = sentence.length;
  for (const m of sentence.matchAll(CLAUSE_BREAK)) {
    if (m.index + m[0].length <= at) start = m.index + m[0].length;
    else if (m.index >= at + expression.length) {
      end = m.index;
      break;
    }
  }
  return sentence.slice(start, end).trim();
}

/** The adviesraad is asked for something: named, or addressed ("uw advies", "wij vragen u", "graag ontvangen wij"). */
const ADVIESRAAD_ASKED =
  /adviesraad|adviesorgaan|cliëntenraad|clientenraad|burgeradviesraad|\bbar\b|werkkamer|\buw (?:advies|zienswijze|reactie)|\b(?:vragen|verzoeken|vraagt|verzoekt|nodigen)\s+(?:wij\s+)?(?:u|jullie)\b|\bontvangen\b.*\bgraag\b|\bgraag\b.*\bontvangen\b/iu;

/** The college (a letter's "wij") answers or reports itself: "Het college reageert voor 1 april op uw advies". */
const COLLEGE_ANSWERS =
  /\b(?:college|wij)\b.*\b(?:reageert|reageren|antwoordt|antwoorden|beantwoordt|beantwoorden|informeert|informeren|stuurt|sturen)\b|\b(?:college|wij)\b.*\bla(?:at|ten)\b.*\bweten\b/iu;

/**
 * A clause about a decision or about something taking effect, not about something the adviesraad delivers:
 * "zodat het college de verordening in het eerste kwartaal van 2027 kan vaststellen", "de raad besluit in maart
 * 2027", "de verordening treedt op 1 juli 2027 in werking". Its date is not a deadline for anyone on the register.
 */
const DECISION =
  /\bvast(?:\s+te)?\s*(?:stellen|stelt)\b|\bvaststell|\bvastgesteld|\bstel(?:t|len)\b.*\bvast\b|\bbe(?:sluit|sluiten|sloten|slist|slissen)\b|\bbesluitvorming|\bneemt\b.*\bbesluit|\binstemm|\bstem(?:t|men)\b.*\bin\b|\bonderteken|\bin werking\b|\bingangsdatum|\bgaat\b.*\bin\b\s*[.!]?$|\bvan kracht\b/iu;

/** A meeting where something is discussed: "De raad behandelt het voorstel in maart 2027". */
const MEETING = /vergader|bijeenkomst|overleg\b|sessie|\bbehandel|\bbespre(?:ekt|ken|king)\b|\bcommissie/iu;

/** The kind of deadline a clause speaks of. */
export function kindIn(sentence: string): DeadlineKind {
  const s = sentence.toLowerCase();
  if (/wensen en bedenkingen/.test(s)) return 'wensen en bedenkingen';
  if (/zienswijze/.test(s)) return 'zienswijze';
  if (COLLEGE_ANSWERS.test(s) && !ADVIESRAAD_ASKED.test(s.replace(/\buw (?:advies|zienswijze|reactie)/g, ''))) return 'reactie';
  if (/\badvie[sz](?!raad|orgaan)|adviseren/.test(s)) return 'advies';
  if (/reactie|reag(?:eer|eert|eren)|antwoord/.test(s)) return 'reactie';
  if (MEETING.test(s)) return 'vergadering';
  return 'advies';
}

/** Who must deliver: named in the clause, or who usually gives that kind. */
export function bodyIn(sentence: string, kind: DeadlineKind): string {
  const s = sentence.toLowerCase();
  if (kind === 'wensen en bedenkingen') return 'gemeenteraad';
  if (/dagelijks bestuur|\bdb\b/.test(s)) return 'DB MGR';
  if (kind === 'reactie' && COLLEGE_ANSWERS.test(s) && !ADVIESRAAD_ASKED.test(s.replace(/\buw (?:advies|zienswijze|reactie)/g, ''))) return 'college';
  if (ADVIESRAAD_ASKED.test(s)) return 'adviesraad';
  if (/gemeenteraad|\bde raad\b|\buw raad\b|raadscommissie|\bcommissie\b/.test(s)) return kind === 'advies' ? 'adviesraad' : 'gemeenteraad';
  if (/\bcollege\b/.test(s) && kind !== 'advies') return 'college';
  return kind === 'zienswijze' ? 'college' : 'adviesraad';
}

/**
 * What a date in a sentence is for: the kind and who delivers, from the clause it stands in (then the sentence), or
 * undefined when that clause is about a decision or something taking effect, unless it asks the adviesraad for
 * something: the college's "vaststellen in het eerste kwartaal van 2027" is no deadline for the adviesraad.
 */
export function deliverableIn(sentence: string, expression: string): { kind: DeadlineKind; body: string } | undefined {
  const clause = clauseOf(sentence, expression);
  const rest = clause.replace(expression, ' ');
  if (DECISION.test(rest) && !ADVIESRAAD_ASKED.test(rest) && !/wensen en bedenkingen|zienswijze/i.test(rest)) return undefined;
  // A clause without a word for what is delivered ("uiterlijk 15 januari 2027") takes it from its sentence.
  const words = /wensen en bedenkingen|zienswijze|advie[sz](?!raad|orgaan)|adviseren|reactie|reag|antwoord|vergader|bijeenkomst|overleg|sessie|behandel|bespre|commissie/i.test(rest) ? clause : sentence;
  const kind = kindIn(words);
  return { kind, body: bodyIn(words, kind) };
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
 * have passed are left out, as is a second proposal for the same day and kind, and a date at which the college,
 * the raad or the DB decides or something takes effect (deliverableIn).
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
      const what = deliverableIn(found.sentence, found.text);
      if (!what) continue;
      const { kind, body } = what;
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
        body,
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
