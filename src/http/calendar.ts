import ical from 'ical-generator';
import type { Deadline } from '../domain/deadlines/deadline.js';

const KIND_TEXT: Record<Deadline['kind'], string> = {
  advies: 'Advies',
  zienswijze: 'Zienswijze',
  'wensen en bedenkingen': 'Wensen en bedenkingen',
  reactie: 'Reactie',
  vergadering: 'Vergadering',
};

/** The deadlines of one team as an iCalendar feed that Outlook can subscribe to. */
export function calendarFeed(name: string, deadlines: Deadline[]): string {
  const calendar = ical({ name, prodId: { company: 'Adviesbot', product: 'deadlines', language: 'NL' }, ttl: 3600 });
  for (const d of deadlines) {
    if (d.state === 'geannuleerd') continue;
    const start = new Date(d.dueAt);
    calendar.createEvent({
      id: `${d.id}@adviesbot`,
      start,
      end: new Date(start.getTime() + 30 * 60_000),
      summary: `${d.state === 'ingediend' ? '✓ ' : ''}${withKind(KIND_TEXT[d.kind], d.title)}`,
      description: [`Wie: ${d.body}`, d.description, d.state === 'ingediend' ? 'Status: ingediend' : 'Status: open'].filter(Boolean).join('\n'),
      ...(d.link ? { url: d.link } : {}),
      lastModified: new Date(d.updatedAt),
    });
  }
  return calendar.toString();
}

/** "Advies: <title>", unless the title already opens with its kind ("Advies: Adviesaanvraag ...", "Zienswijze DVO"). */
export function withKind(kind: string, title: string): string {
  return title.toLowerCase().startsWith(kind.toLowerCase()) ? title : `${kind}: ${title}`;
}
