import { dayNumber, fromDayNumber, MONTHS, periodOf, type CivilDate, type Precision } from '../dates.js';
import { isoDate } from '../time.js';

/**
 * Dutch date expressions in running text: "uiterlijk 15 januari 2027", "voor 1 oktober", "woensdag 25 september",
 * "15-01-2027", "in september 2026", "in het vierde kwartaal van 2026", "binnen zes weken na ontvangst". Each is
 * found with the sentence it stands in, whether a deadline word comes before it, and its date: a day
 * (2027-01-15), a month (2026-09), a quarter (2026-Q4) or a year.
 */
export interface FoundDate {
  /** The expression as written, with its deadline word ("uiterlijk 15 januari 2027"). */
  text: string;
  /** The sentence it stands in, as written (white space folded). */
  sentence: string;
  /** 2027-01-15, 2026-09, 2026-Q4 or 2026. */
  date: string;
  precision: Precision;
  /** A deadline word stands before it: uiterlijk, voor, vóór, tot, binnen, deadline. */
  deadline: boolean;
  /** Where the expression starts in the text. */
  index: number;
  /** How the year or day was worked out, when the text does not say it whole ("jaar afgeleid van 16 juli 2025"). */
  note?: string;
}

export interface FindOptions {
  /**
   * The day the document was written or received: a date without a year is the first such day from this one
   * on (or up to two months before it), and "binnen zes weken na ontvangst" counts from `received`.
   */
  reference?: CivilDate;
  /** The day the document was received, for "na ontvangst"; default `reference`. */
  received?: CivilDate;
}

const MONTH = MONTHS.join('|');
const MONTH_SHORT: Record<string, number> = { jan: 1, feb: 2, mrt: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, okt: 10, nov: 11, dec: 12 };
const MONTH_ANY = `${MONTH}|jan|feb|mrt|apr|jun|jul|aug|sept|sep|okt|nov|dec`;
const WEEKDAY = 'maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag';
const QUARTER_WORDS: Record<string, number> = { eerste: 1, '1e': 1, tweede: 2, '2e': 2, derde: 3, '3e': 3, vierde: 4, '4e': 4 };
const NUMBER_WORDS: Record<string, number> = {
  een: 1, één: 1, twee: 2, drie: 3, vier: 4, vijf: 5, zes: 6, zeven: 7, acht: 8, negen: 9, tien: 10, elf: 11, twaalf: 12,
  dertien: 13, veertien: 14, vijftien: 15, zestien: 16, twintig: 20, dertig: 30,
};
const CUE = '(?:uiterlijk(?:\\s+op)?|v[oó]{2}r|vóór|tot(?:\\s+en\\s+met)?|t/m|binnen|deadline:?|graag\\s+(?:v[oó]{2}r|op))';

// One pattern, alternatives in order of length so "in het vierde kwartaal van 2026" is not also read as "2026".
const PATTERN = new RegExp(
  [
    `(?<rel>(?:(?<relCue>${CUE})\\s+)?binnen\\s+(?<relN>\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})\\s+(?<relUnit>werkdagen|dagen|weken|week|maanden|maand)\\s+(?:na|vanaf|sinds)\\s+(?:de\\s+|het\\s+)?(?:ontvangst|dagtekening|verzending|datum\\s+van\\s+(?:deze\\s+brief|dagtekening))(?:\\s+van\\s+(?:deze|dit|de|het)\\s+\\p{L}+)?)`,
    `(?<quarter>(?:(?<qCue>${CUE})\\s+)?(?:(?:in|tijdens|gedurende)\\s+)?(?:het\\s+)?(?<qWord>eerste|tweede|derde|vierde|[1-4]e)\\s+kwartaal(?:\\s+van)?\\s+(?<qYear>\\d{4}))`,
    `(?<q2>(?:(?<q2Cue>${CUE})\\s+)?Q(?<q2N>[1-4])\\s+(?<q2Year>\\d{4}))`,
    `(?<day>(?:(?<dCue>${CUE})\\s+)?(?:(?:${WEEKDAY})\\s+)?(?<dDay>\\d{1,2})\\s+(?<dMonth>${MONTH_ANY})\\.?(?:\\s+(?<dYear>\\d{4}))?)`,
    `(?<numeric>(?:(?<nCue>${CUE})\\s+)?(?<nDay>\\d{1,2})-(?<nMonth>\\d{1,2})-(?<nYear>\\d{4}))`,
    `(?<month>(?:(?<mCue>${CUE})\\s+)?(?:(?:in|eind|begin|medio|half)\\s+)?(?<mMonth>${MONTH})\\s+(?<mYear>\\d{4}))`,
  ]
    .map((alternative) => `(?<![\\p{L}\\d-])${alternative}`)
    .join('|'),
  'giu',
);

/** The sentences of a text, with where each starts; a full stop in "1.2", "art." or "o.a." does not end one. */
function sentences(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const end = /(?<!\b(?:art|nr|o\.a|bijv|jl|e\.d|resp|ca|dhr|mevr|mw|blz|p|z\.s\.m))[.!?](?=\s+[\p{Lu}\d"“(])|\n\s*\n/gu;
  let start = 0;
  for (let m = end.exec(text); m; m = end.exec(text)) {
    out.push({ start, end: m.index + m[0].length });
    start = m.index + m[0].length;
  }
  out.push({ start, end: text.length });
  return out;
}

function valid(d: CivilDate): boolean {
  if (d.month < 1 || d.month > 12 || d.day < 1 || d.year < 1900 || d.year > 2200) return false;
  return fromDayNumber(dayNumber(d)).day === d.day;
}

/** A day and month without a year: the first such day from two months before the reference on. */
function yearFor(day: number, month: number, reference: CivilDate): number {
  const candidate = { year: reference.year, month, day };
  return dayNumber(candidate) < dayNumber(reference) - 62 ? reference.year + 1 : reference.year;
}

function addPeriod(from: CivilDate, n: number, unit: string): CivilDate {
  if (unit.startsWith('maand')) {
    const months = from.month - 1 + n;
    const year = from.year + Math.floor(months / 12);
    const month = (months % 12) + 1;
    const last = fromDayNumber(dayNumber({ year: month === 12 ? year + 1 : year, month: month === 12 ? 1 : month + 1, day: 1 }) - 1).day;
    return { year, month, day: Math.min(from.day, last) };
  }
  if (unit === 'werkdagen') {
    let at = dayNumber(from);
    for (let left = n; left > 0; ) {
      at += 1;
      const weekday = new Date(at * 86_400_000).getUTCDay();
      if (weekday !== 0 && weekday !== 6) left -= 1;
    }
    return fromDayNumber(at);
  }
  return fromDayNumber(dayNumber(from) + n * (unit === 'week' || unit === 'weken' ? 7 : 1));
}

const fold = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Every date expression in a text, in order. */
export function findDates(text: string, options: FindOptions = {}): FoundDate[] {
  const spans = sentences(text);
  const sentenceAt = (index: number): string => {
    const s = spans.find((x) => index >= x.start && index < x.end) ?? { start: 0, end: text.length };
    return fold(text.slice(s.start, s.end));
  };
  const found: FoundDate[] = [];
  for (const m of text.matchAll(PATTERN)) {
    const g = m.groups as Record<string, string | undefined>;
    const index = m.index;
    let date: string | undefined;
    let precision: Precision = 'day';
    let cue: string | undefined;
    let note: string | undefined;
    if (g.rel) {
      cue = 'binnen';
      const count = /^\d+$/.test(g.relN!) ? Number(g.relN) : NUMBER_WORDS[g.relN!.toLowerCase()]!;
      const from = options.received ?? options.reference;
      if (!from) continue;
      date = isoDate(addPeriod(from, count, g.relUnit!.toLowerCase()));
      note = `gerekend vanaf ${from.day} ${MONTHS[from.month - 1]} ${from.year} (${options.received ? 'de datum van ontvangst' : 'de datum van het document'})`;
    } else if (g.quarter) {
      cue = g.qCue;
      date = `${g.qYear}-Q${QUARTER_WORDS[g.qWord!.toLowerCase()]}`;
      precision = 'quarter';
    } else if (g.q2) {
      cue = g.q2Cue;
      date = `${g.q2Year}-Q${g.q2N}`;
      precision = 'quarter';
    } else if (g.day) {
      cue = g.dCue;
      const monthWord = g.dMonth!.toLowerCase();
      const month = MONTHS.indexOf(monthWord as (typeof MONTHS)[number]) + 1 || MONTH_SHORT[monthWord]!;
      const day = Number(g.dDay);
      let year = g.dYear ? Number(g.dYear) : undefined;
      if (year === undefined) {
        if (!options.reference) continue;
        year = yearFor(day, month, options.reference);
        note = 'het jaar staat er niet bij; afgeleid van de datum van het document';
      }
      const d = { year, month, day };
      if (!valid(d)) continue;
      date = isoDate(d);
    } else if (g.numeric) {
      cue = g.nCue;
      const d = { day: Number(g.nDay), month: Number(g.nMonth), year: Number(g.nYear) };
      if (!valid(d)) continue;
      date = isoDate(d);
    } else if (g.month) {
      cue = g.mCue;
      date = `${g.mYear}-${String(MONTHS.indexOf(g.mMonth!.toLowerCase() as (typeof MONTHS)[number]) + 1).padStart(2, '0')}`;
      precision = 'month';
    }
    if (!date) continue;
    found.push({ text: fold(m[0]), sentence: sentenceAt(index), date, precision, deadline: Boolean(cue), index, ...(note ? { note } : {}) });
  }
  return found;
}

/** The last day a partial date allows: the day itself, or the last day of its month, quarter or year. */
export function lastDayOf(date: string): CivilDate {
  return periodOf(date).last;
}

/** The date a document states for itself: "Datum: 3 maart 2026", else the first full date on its first page. */
export function documentDateIn(firstPage: string): string | undefined {
  const labelled = /\b(?:datum|dagtekening|vastgesteld(?:\s+op)?|d\.d\.)\s*:?\s*/giu;
  for (const m of firstPage.matchAll(labelled)) {
    const after = findDates(firstPage.slice(m.index + m[0].length, m.index + m[0].length + 60))[0];
    if (after && after.precision === 'day' && after.index === 0) return after.date;
  }
  return findDates(firstPage).find((d) => d.precision === 'day' && !d.note)?.date;
}
