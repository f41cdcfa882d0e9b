import { formatDutchDate } from '../dates.js';
import type { DatedItem } from '../knowledge/qa.js';
import type { KnowledgeDocument, KnowledgeEntry } from '../knowledge/schema.js';
import { stateAt, type Deadline } from './deadline.js';

export const REGISTER_ENTRY_PREFIX = 'register-';

const WHAT: Record<Deadline['kind'], string> = {
  advies: 'het advies',
  zienswijze: 'de zienswijze',
  'wensen en bedenkingen': 'de wensen en bedenkingen',
  reactie: 'de reactie',
  vergadering: 'de vergadering',
};

/**
 * A deadline added in Teams as a knowledge entry with a structured date, so "wanneer is de deadline voor
 * ...?" finds it with the same Dutch date wording as the curated dates.
 */
const WHO: Record<string, string> = {
  adviesraad: 'de adviesraad',
  college: 'het college',
  gemeenteraad: 'de gemeenteraad',
  'DB MGR': 'het dagelijks bestuur van de MGR',
};

const sentence = (text: string): string => (text && !/[.!?]$/.test(text) ? `${text}.` : text);

export function deadlineAsKnowledge(deadline: Deadline, now: Date): { entry: KnowledgeEntry; document: KnowledgeDocument } {
  const state = stateAt(deadline, now);
  const when = `${formatDutchDate(deadline.dueDate)} om ${deadline.dueTime}`;
  const stateText =
    state === 'ingediend' ? ' Dit is gemarkeerd als ingediend.' : state === 'geannuleerd' ? ' Deze deadline is geannuleerd.' : '';
  const answer =
    deadline.kind === 'vergadering'
      ? `De vergadering "${deadline.title}" is op ${when}.${deadline.description ? ` ${sentence(deadline.description)}` : ''}${stateText}`
      : `Uiterlijk ${when} moet ${WHO[deadline.body] ?? deadline.body} ${WHAT[deadline.kind]} "${deadline.title}" indienen.` +
        `${deadline.description ? ` ${sentence(deadline.description)}` : ''}${stateText}`;
  const document: KnowledgeDocument = {
    id: `teams-register-${deadline.id}`,
    title: `Deadlineregister in Teams: "${deadline.title}"`,
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
