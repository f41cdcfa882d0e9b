/** Dates the Dutch way, with their state relative to today, in the Europe/Amsterdam time zone. */

export const TIME_ZONE = 'Europe/Amsterdam';

export const MONTHS = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
] as const;

const QUARTERS = ['eerste', 'tweede', 'derde', 'vierde'] as const;

/** A calendar day without time or zone. */
export interface CivilDate {
  year: number;
  month: number; // 1-12
  day: number;
}

export type Precision = 'day' | 'month' | 'quarter' | 'year';

const dayFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in Amsterdam at the given instant. */
export function civilDateIn(instant: Date): CivilDate {
  // Amsterdam's offset is a whole number of hours, so its calendar day is the same within one UTC hour: the last
  // hour's answer is kept (Intl formatting costs microseconds, and a question asks for today several times).
  const hour = Math.floor(instant.getTime() / 3_600_000);
  if (hour !== lastHour.hour) {
    const [y, m, d] = dayFormatter.format(instant).split('-').map(Number);
    lastHour = { hour, date: { year: y!, month: m!, day: d! } };
  }
  return { ...lastHour.date };
}
let lastHour: { hour: number; date: CivilDate } = { hour: Number.NaN, date: { year: 0, month: 0, day: 0 } };

export function dayNumber(date: CivilDate): number {
  return Math.floor(Date.UTC(date.year, date.month - 1, date.day) / 86_400_000);
}

export function fromDayNumber(n: number): CivilDate {
  const d = new Date(n * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** First and last day of a partial date such as 2025-10-01, 2025-09, 2026-Q4 or 2019. */
export function periodOf(date: string): { first: CivilDate; last: CivilDate; precision: Precision } {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(date);
  if (quarter) {
    const year = Number(quarter[1]);
    const q = Number(quarter[2]);
    return {
      first: { year, month: q * 3 - 2, day: 1 },
      last: fromDayNumber(dayNumber({ year, month: q * 3 + 1, day: 1 }) - 1),
      precision: 'quarter',
    };
  }
  const [y, m, d] = date.split('-').map(Number);
  if (d !== undefined) {
    const day = { year: y!, month: m!, day: d };
    return { first: day, last: day, precision: 'day' };
  }
  if (m !== undefined) {
    return {
      first: { year: y!, month: m, day: 1 },
      last: fromDayNumber(dayNumber({ year: y!, month: m + 1, day: 1 }) - 1),
      precision: 'month',
    };
  }
  return { first: { year: y!, month: 1, day: 1 }, last: { year: y!, month: 12, day: 31 }, precision: 'year' };
}

/** "1 oktober 2025", "september 2025", "het vierde kwartaal van 2026", "2019". */
export function formatDutchDate(date: string): string {
  const { first, precision } = periodOf(date);
  switch (precision) {
    case 'day':
      return `${first.day} ${MONTHS[first.month - 1]} ${first.year}`;
    case 'month':
      return `${MONTHS[first.month - 1]} ${first.year}`;
    case 'quarter':
      return `het ${QUARTERS[(first.month - 1) / 3]} kwartaal van ${first.year}`;
    case 'year':
      return String(first.year);
  }
}

export function formatCivilDate(date: CivilDate): string {
  return `${date.day} ${MONTHS[date.month - 1]} ${date.year}`;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export type Timing = 'past' | 'current' | 'future';

/** Where a partial date stands against today, with its Dutch wording: "verstreken, 419 dagen geleden", "over 12 dagen". */
export function relativeToToday(date: string, today: CivilDate): { timing: Timing; days: number; text: string } {
  const { first, last, precision } = periodOf(date);
  const now = dayNumber(today);
  const start = dayNumber(first);
  const end = dayNumber(last);
  if (precision === 'day') {
    const diff = start - now;
    if (diff === 0) return { timing: 'current', days: 0, text: 'vandaag' };
    if (diff === 1) return { timing: 'future', days: 1, text: 'morgen' };
    if (diff === -1) return { timing: 'past', days: 1, text: 'verstreken, gisteren' };
    return diff > 0
      ? { timing: 'future', days: diff, text: `over ${plural(diff, 'dag', 'dagen')}` }
      : { timing: 'past', days: -diff, text: `verstreken, ${plural(-diff, 'dag', 'dagen')} geleden` };
  }
  const span = { month: 'deze maand', quarter: 'dit kwartaal', year: 'dit jaar' }[precision];
  if (now > end) {
    return { timing: 'past', days: now - end, text: `verstreken, ${plural(now - end, 'dag', 'dagen')} geleden` };
  }
  if (now >= start) {
    return { timing: 'current', days: end - now, text: `${span}, nog ${plural(end - now, 'dag', 'dagen')} tot het eind` };
  }
  return { timing: 'future', days: start - now, text: `begint over ${plural(start - now, 'dag', 'dagen')}` };
}
