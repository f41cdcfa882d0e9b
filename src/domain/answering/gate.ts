import type { KnowledgeEntry } from '../knowledge/schema.js';
import { editDistanceAtMost } from './edit-distance.js';
import type { EntryFacts } from './entry-facts.js';
import { PATTERNS, WORDS } from './language.js';
import type { Analyzer } from './normalize.js';
import type { Hit } from './retrieve.js';
import { confidenceOf } from './score.js';
import type { Intent } from './understand.js';

/**
 * Stage 5 of answering, gate: named checks that no score overrides. A candidate answers only when it passes every
 * one; the first it fails is its reason in the trace.
 */
export interface GateFailure {
  check: string;
  reason: string;
}

export interface GateContext {
  facts: EntryFacts;
  analyzer: Analyzer;
  threshold: number;
}

const DURATION_WORDS = new Set(WORDS.duration_words);
const DURATION_UNITS = new Set(WORDS.duration_units);

/** The first check a candidate fails, or undefined when it may answer. */
export function failedCheck(hit: Hit, intent: Intent, ctx: GateContext): GateFailure | undefined {
  return gateChecks(hit, intent, ctx, true)[0];
}

/** Every check a candidate fails, in order (only the first when `first`). */
export function gateChecks(hit: Hit, intent: Intent, ctx: GateContext, first = false): GateFailure[] {
  const out: GateFailure[] = [];
  const fail = (check: string, reason: string): boolean => {
    out.push({ check, reason });
    return first;
  };
  const { entry } = hit;
  const confidence = confidenceOf(hit);
  if (confidence < ctx.threshold && fail('confidence', `confidence ${confidence.toFixed(2)} < threshold ${ctx.threshold}`)) return out;
  if (intent.named.size > 0 && !ctx.facts.isAbout(entry, intent.named) && fail('municipality', `not about ${[...intent.named].join(', ')}`)) return out;
  // A region-wide entry that lists the municipality named ("Berg en Dal is one of the members") answers a
  // question about that municipality only when it matches everything else the question asks too (a word that
  // only says where the member read it, "in het Nijmeegse stuk", is not something asked).
  const regionWide = !entry.municipality || entry.municipality === 'Regio';
  if (intent.named.size > 0 && regionWide && hit.missesMainWord && fail('region-wide', `region-wide entry misses ${hit.missing.join(', ')}`)) return out;
  if (hit.missesAction && fail('action', 'does not name the action asked about')) return out;
  const { full, answer } = ctx.facts.texts(entry);
  const year = [...intent.years].find((y) => !full.includes(y));
  if (year !== undefined && fail('year', `does not mention ${year}`)) return out;
  if (intent.counted !== undefined && !answersCount(entry, intent.counted, intent.named, ctx) && fail('count', `gives no number${intent.counted ? ` for "${intent.counted}"` : ''}`)) return out;
  if (intent.deadline && !(entry.event?.deadline || PATTERNS.deadline_wording.test(answer)) && fail('deadline', 'gives no due date')) return out;
  if (intent.date && !entry.event && !writesDate(entry, intent.year, ctx) && fail('date', 'gives no date')) return out;
  if (intent.time && !PATTERNS.time_of_day.test(answer) && fail('time', 'gives no time of day')) return out;
  return out;
}

/**
 * Whether an entry's answer gives the number asked for: an amount in euros for money, a percentage for
 * "procent", otherwise a number (not a year) near the counted word.
 */
function answersCount(entry: KnowledgeEntry, counted: string, named: Set<string>, ctx: GateContext): boolean {
  // An overview of several municipalities answers "hoeveel ... in Wijchen" only with a number in Wijchen's part.
  const own = entry.municipality;
  const overview = named.size > 0 && !(own && named.has(own));
  if (overview) {
    return ctx.facts
      .texts(entry)
      .parts.some((part) => [...named].some((m) => part.named.has(m)) && countIn(part.words, counted, ctx));
  }
  return countIn(ctx.facts.texts(entry).answerWords, counted, ctx);
}

function countIn(tokens: string[], counted: string, ctx: GateContext): boolean {
  // Not a year, and not a section number ("deeladvies 1.1").
  const isNumber = (t: string): boolean => PATTERNS.number_token.test(t) && !/^(19|20)\d{2}$/.test(t) && !/^\d+\.\d+$/.test(t);
  if (counted === 'budget') return tokens.some((t, i) => t === 'budget' && /^\d/.test(tokens[i + 1] ?? ''));
  if (counted === 'procent') return tokens.some((t, i) => t === 'procent' && /^\d/.test(tokens[i - 1] ?? ''));
  if (counted === '') return tokens.some(isNumber);
  // "Hoeveel tijd": a number of days, weeks, months or years.
  if (DURATION_WORDS.has(counted)) return tokens.some((t, i) => isNumber(t) && DURATION_UNITS.has(tokens[i + 1] ?? ''));
  // Otherwise a number near the counted word ("32 statushouders", "ziekteverzuim ... 14%").
  const stem = ctx.analyzer.stem(counted);
  // The stems of an entry's words, kept with its texts (on a large base the analyzer's stem cache is full).
  const stems = ctx.facts.stemsOf(tokens);
  const sameWord = (t: string, i: number): boolean => {
    const s = stems[i]!;
    return s === stem || t.startsWith(stem) || t.endsWith(stem) || (s[0] === stem[0] && stem.length >= 6 && editDistanceAtMost(s, stem, 2));
  };
  return tokens.some((t, i) => sameWord(t, i) && tokens.slice(Math.max(0, i - 8), i + 9).some(isNumber));
}

/**
 * Whether an entry's answer gives a date: a day and month, or a month and year; for a question that asks for a
 * year ("in welk jaar", "sinds wanneer"), also a year that names no period.
 */
function writesDate(entry: KnowledgeEntry, yearWillDo: boolean, ctx: GateContext): boolean {
  const answer = ctx.facts.texts(entry).answer;
  return PATTERNS.date_in_text.test(answer) || (yearWillDo && /\b(19|20)\d{2}\b/.test(answer.replace(PATTERNS.period_name, ' ')));
}
