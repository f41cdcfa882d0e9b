import { BUTTON_MAX } from '../answering/compose.js';
import { formatDutchDate } from '../dates.js';
import type { DatedItem } from '../knowledge/qa.js';
import { MUNICIPALITIES, type KnowledgeDocument, type KnowledgeEntry } from '../knowledge/schema.js';
import { stateAt, type Deadline } from './deadline.js';

export const REGISTER_ENTRY_PREFIX = 'register-';

const WHAT: Record<Deadline['kind'], string> = {
  advies: 'het advies',
  zienswijze: 'de zienswijze',
  'wensen en bedenkingen': 'de wensen en bedenkingen',
  reactie: 'de reactie',
  vergadering: 'de vergadering',
};

/** Who delivers, as a Dutch sentence names them. */
const WHO: Record<string, string> = {
  adviesraad: 'de adviesraad',
  college: 'het college',
  gemeenteraad: 'de gemeenteraad',
  'DB MGR': 'het dagelijks bestuur van de MGR',
};

/** Who delivers a deadline, as a sentence names them: "de adviesraad", "het dagelijks bestuur van de MGR". */
export const bodyNamed = (body: string): string => WHO[body] ?? body;

/**
 * The verb each kind takes in Dutch: an advice is "uitgebracht", a zienswijze "ingediend", wensen en bedenkingen
 * "kenbaar gemaakt", a reaction "gestuurd" ("levert het advies in", "moet het advies indienen" were not Dutch).
 */
const DELIVER: Record<Exclude<Deadline['kind'], 'vergadering'>, { infinitive: string; finite: string; particle: string }> = {
  advies: { infinitive: 'uitbrengen', finite: 'brengt', particle: 'uit' },
  zienswijze: { infinitive: 'indienen', finite: 'dient', particle: 'in' },
  'wensen en bedenkingen': { infinitive: 'kenbaar maken', finite: 'maakt', particle: 'kenbaar' },
  reactie: { infinitive: 'sturen', finite: 'stuurt', particle: '' },
};

/**
 * The sentence that says when a deadline falls, natural for each kind: "Uiterlijk 16 december 2026 om 17:00 moet de
 * adviesraad het advies over “Wmo-verordening” uitbrengen.", "De vergadering “Adviesraad januari” is op ...". `when`
 * leads ("Uiterlijk 16 december 2026 om 17:00", "Over 7 dagen", "Vandaag"); `named` names the deadline's title in the
 * sentence, else only its kind ("Over 7 dagen brengt de adviesraad het advies uit.").
 */
export function deadlineSentence(deadline: Pick<Deadline, 'title' | 'kind' | 'body'>, when: string, options: { named?: boolean; at?: string; modal?: boolean } = {}): string {
  const thing = options.named ? thingNamed(deadline) : WHAT[deadline.kind];
  const at = options.at ?? '';
  if (deadline.kind === 'vergadering') {
    // "De vergadering “Vergadering werkkamer”" says it twice: a title that names a meeting stands alone.
    const title = deadline.title.trim();
    const meeting = options.named ? (/(?<!\p{L})(?:vergadering|bijeenkomst|overleg|sessie)(?!\p{L})/iu.test(title) ? `“${title}”` : `De vergadering “${title}”`) : 'de vergadering';
    return options.named ? `${meeting} is ${when.charAt(0).toLowerCase()}${when.slice(1)}${at}.` : `${when} is ${meeting}${at}.`;
  }
  const verb = DELIVER[deadline.kind];
  const who = bodyNamed(deadline.body);
  return options.modal === false
    ? `${when} ${verb.finite} ${who} ${thing}${verb.particle ? ` ${verb.particle}` : ''}${at}.`
    : `${when} moet ${who} ${thing} ${verb.infinitive}${at}.`;
}

/**
 * A deadline added in Teams as a knowledge entry with a structured date, so "wanneer is de deadline voor
 * ...?" finds it with the same Dutch date wording as the curated dates.
 */

/** The preposition a kind takes before its subject: "de zienswijze op de DVO", "het advies over de DVO". */
const ON: Record<Deadline['kind'], string> = {
  advies: 'over',
  zienswijze: 'op',
  'wensen en bedenkingen': 'over',
  reactie: 'op',
  vergadering: 'over',
};

/**
 * Words a title uses around its subject that the question says otherwise: the kinds, who delivers, "deadline",
 * joining words. Whole words only: "Wmo-advies" keeps its "advies".
 */
const NOISE = /(?<![\p{L}-])(?:advies|adviezen|zienswijze|wensen en bedenkingen|reactie|vergadering|deadline|adviesraad|college|gemeenteraad|van|op|over|voor|aan|de|het|een|gemeente)(?![\p{L}-])/giu;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const join = (...parts: Array<string | undefined>): string => parts.filter(Boolean).join(' ');

/**
 * The questions a member would ask about a deadline, built from its kind, who delivers it and its subject, the
 * fullest first after one that fits on a related-question button: "Wanneer moet de DVO-zienswijze binnen zijn?",
 * "Wanneer moet de zienswijze van Beuningen op de DVO binnen zijn?". The title is a name an organiser typed
 * ("Zienswijze DVO: reactie Beuningen"): a municipality and an abbreviation (DVO, MGR) are built into the sentence,
 * anything else is quoted as a name. A shorter form leaves out only who delivers when that is the body (the
 * municipality and the subject tell deadlines apart); when no form fits, none leads.
 */
export function deadlineQuestions(deadline: Pick<Deadline, 'title' | 'kind' | 'body'>): string[] {
  const title = deadline.title.replace(/\s+/g, ' ').trim();
  const municipality = MUNICIPALITIES.find((m) => m !== 'Regio' && new RegExp(`\\b${escapeRegExp(m)}\\b`, 'i').test(title));
  const kind = WHAT[deadline.kind];
  const article = kind.split(' ')[0]!;
  const noun = kind.slice(article.length + 1);
  const must = deadline.kind === 'wensen en bedenkingen' ? 'moeten' : 'moet';
  // A title that is itself the thing asked for, as one compound ("Wmo-advies 2027"), is used as written.
  const compoundTitle = !municipality && !/ /.test(noun) && new RegExp(`^[\\p{L}\\d]+-${escapeRegExp(noun)}(?: \\d{4})?$`, 'iu').test(title);
  // What is left of the title once the kind, the municipality and the joining words are taken out.
  const rest = (municipality ? title.replace(new RegExp(`\\b${escapeRegExp(municipality)}\\b`, 'ig'), ' ') : title)
    .replace(NOISE, ' ')
    .replace(/[:;,()–—]+|(?<=\s|^)-+(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const abbreviation = /^[A-Z]{2,6}(?: \d{4})?$/.test(rest);
  const thing = compoundTitle ? `${article} ${title}` : kind;
  const subject = compoundTitle || !rest ? '' : abbreviation ? `${ON[deadline.kind]} de ${rest}` : `${ON[deadline.kind]} “${rest}”`;
  // "de DVO-zienswijze", "het DVO-advies": shorter, and as natural.
  const compact = compoundTitle ? thing : abbreviation && !/ /.test(noun) ? `${article} ${rest}-${noun}` : undefined;
  const body = deadline.body === 'DB MGR' ? 'het DB van de MGR' : (WHO[deadline.body] ?? deadline.body);
  const owner = municipality ? `van ${municipality}` : deadline.body === 'adviesraad' && deadline.kind !== 'vergadering' ? '' : `van ${body}`;
  const droppable = !municipality;
  const out: string[] = [];
  if (deadline.kind === 'vergadering') {
    out.push(`Wanneer is ${join(thing, owner, subject)}?`, ...(droppable && subject ? [`Wanneer is ${join(thing, subject)}?`] : []));
  } else {
    const things = [compact && join(compact, owner), join(thing, owner, subject), ...(droppable ? [compact, join(thing, subject)] : [])];
    for (const t of things.filter((x): x is string => Boolean(x))) {
      out.push(`Wanneer ${must} ${t} binnen zijn?`, `Wanneer ${must} ${t} klaar zijn?`, `Wat is de deadline voor ${t}?`);
    }
    if (municipality) out.push(`Wanneer geeft ${municipality} ${compact ?? join(thing, subject)}?`);
  }
  out.push(`Wat is de deadline voor “${title}”?`);
  const unique = [...new Set(out)];
  const fullest = `Wanneer ${must} ${join(thing, owner, subject)} binnen zijn?`;
  // The first that fits on a button leads (compose offers an entry's first full question that fits), the fullest
  // sentence follows; the rest stay as phrasings to find the deadline by.
  const fits = unique.find((q) => q.length <= BUTTON_MAX);
  return [...new Set([...(fits ? [fits] : []), ...(deadline.kind === 'vergadering' ? [] : [fullest]), ...unique])];
}

const sentence = (text: string): string => (text && !/[.!?]$/.test(text) ? `${text}.` : text);

/**
 * What is asked, after the sentence with the date: a whole sentence ("Het college vraagt ...") and a description
 * that says it itself ("Gevraagd advies.") as they were written; a fragment after "Gevraagd:", with the article in
 * lower case as Dutch writes after a colon ("Gevraagd: de zienswijze van de adviesraad op de DVO.").
 */
function askedText(description: string): string {
  const text = sentence(description.trim());
  if (/^gevraagd\b/i.test(text)) return text;
  // A sentence with a verb ("Het college vraagt ...") reads on its own; "Gevraagd: Het college vraagt" would not.
  if (/^\p{Lu}/u.test(text) && /\s(?:vraagt|vragen|wil|willen|wordt|worden|moet|moeten|is|zijn|heeft|hebben|gaat|gaan)\s/i.test(text)) return text;
  return `Gevraagd: ${/^(?:De|Het|Een)\s/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text}`;
}

/**
 * The deadline named by its title in a sentence. "de zienswijze “Zienswijze DVO”" and "het advies “Wmo-advies 2027”"
 * say the kind twice: a title that names its kind (as a word or the end of a compound) is named alone; another gets
 * its kind and the preposition that kind takes ("het advies over “Participatiecoaching Wijchen”").
 */
function thingNamed(deadline: Pick<Deadline, 'title' | 'kind'>): string {
  const kind = WHAT[deadline.kind];
  const noun = kind.slice(kind.indexOf(' ') + 1);
  const title = deadline.title.trim();
  return new RegExp(`(?<![\\p{L}])(?:[\\p{L}\\d]+-)?${escapeRegExp(noun)}(?![\\p{L}])`, 'iu').test(title) ? `“${title}”` : `${kind} ${ON[deadline.kind]} “${title}”`;
}

export function deadlineAsKnowledge(deadline: Deadline, now: Date): { entry: KnowledgeEntry; document: KnowledgeDocument } {
  const state = stateAt(deadline, now);
  const when = `${formatDutchDate(deadline.dueDate)} om ${deadline.dueTime}`;
  const stateText =
    state === 'ingediend' ? ' Dit is gemarkeerd als ingediend.' : state === 'geannuleerd' ? ' Deze deadline is geannuleerd.' : '';
  const answer =
    deadline.kind === 'vergadering'
      ? `${deadlineSentence(deadline, `op ${when}`, { named: true })}${deadline.description ? ` ${sentence(deadline.description)}` : ''}${stateText}`
      : deadlineSentence(deadline, `Uiterlijk ${when}`, { named: true }) + `${deadline.description ? ` ${askedText(deadline.description)}` : ''}${stateText}`;
  const document: KnowledgeDocument = {
    id: `teams-register-${deadline.id}`,
    title: `Deadlineregister in Teams: “${deadline.title}”`,
    author: deadline.createdBy.name,
    date: deadline.createdAt.slice(0, 10),
    ...(deadline.link ? { url: deadline.link } : {}),
    verbatim: false,
  };
  return {
    document,
    entry: {
      id: `${REGISTER_ENTRY_PREFIX}${deadline.id}`,
      title: deadline.title.length >= 3 ? deadline.title : `Deadline ${deadline.title}`,
      topics: ['deadline', deadline.kind, deadline.body.toLowerCase()],
      body: deadline.body,
      questions: [
        ...deadlineQuestions(deadline),
        `Wat is de deadline voor ${deadline.title}?`,
        `Wanneer moet ${deadline.title} klaar zijn?`,
        `Wanneer is ${deadline.title}?`,
        `Uiterlijk wanneer ${deadline.title}?`,
      ],
      answer: answer.slice(0, 1200),
      sources: [{ doc: document.id }],
      event: {
        body: deadline.body,
        kind: deadline.kind,
        subject: deadline.title,
        date: deadline.dueDate,
        precision: 'day',
        deadline: deadline.kind !== 'vergadering',
        status: state === 'open' ? 'open' : state === 'verlopen' ? 'onbekend' : 'afgerond',
      },
      related: [],
    },
  };
}

/** A deadline as a dated item for "welke deadlines komen eraan?". */
export function deadlineAsDatedItem(deadline: Deadline): DatedItem {
  return {
    id: `${REGISTER_ENTRY_PREFIX}${deadline.id}`,
    title: deadline.title,
    body: deadline.body,
    kind: deadline.kind,
    date: deadline.dueDate,
    deadline: deadline.kind !== 'vergadering',
    source: `deadlineregister in Teams (${deadline.createdBy.name})`,
  };
}
