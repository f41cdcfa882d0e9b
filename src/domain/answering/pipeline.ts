import { civilDateIn } from '../dates.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { KnowledgeDocument, KnowledgeEntry } from '../knowledge/schema.js';
import { composeAnswer, suggestions, upcoming } from './compose.js';
import { EntryFacts } from './entry-facts.js';
import { failedCheck, type GateContext } from './gate.js';
import { PATTERNS } from './language.js';
import { fold } from './normalize.js';
import { Retriever, type Hit } from './retrieve.js';
import { confidenceOf, rankOf, type Ranked } from './score.js';
import { conversationOf } from './conversation.js';
import type { ConversationResult, DatedItem, QaOptions, QaResult, Reply, Trace, TraceCandidate } from './types.js';
import { clausesOf, definedTerm, describeIntent, isMunicipalityWord, isQuestionSentence, municipalitiesIn, onlyWhereSeen, searchTextOf, understand, type Intent } from './understand.js';
import { WEIGHTS } from './weights.js';

/**
 * Answering a question, in stages: normalize (normalize.ts: fold, tokens, spelling, compounds, separable verbs) ->
 * understand (understand.ts: intents and slots) -> retrieve (retrieve.ts: MiniSearch) -> score (score.ts: named
 * features) -> gate (gate.ts: named checks) -> compose (compose.ts). `ask` returns the result with a trace that
 * says which feature or check decided.
 */
export const DEFAULT_THRESHOLD = WEIGHTS.threshold;

/** One reading of a question: its result and the trace of how it came about. */
interface Reading {
  result: QaResult;
  trace: Omit<Trace, 'typed' | 'route'>;
}

export class QuestionAnswerer {
  readonly retriever: Retriever;
  private readonly now: () => Date;
  private readonly threshold: number;
  private readonly extraDates: () => DatedItem[];
  private readonly facts: EntryFacts;
  private readonly gate: GateContext;

  constructor(
    private readonly kb: KnowledgeBase,
    options: QaOptions = {},
  ) {
    this.retriever = new Retriever(kb.entries, kb.lexicon);
    this.now = options.now ?? (() => new Date());
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    this.extraDates = options.extraDates ?? (() => []);
    this.facts = new EntryFacts(this.retriever.analyzer);
    this.gate = { facts: this.facts, analyzer: this.retriever.analyzer, threshold: this.threshold };
  }

  get entryCount(): number {
    return this.retriever.size;
  }

  /**
   * Replaces the entries that came from elsewhere than the knowledge files (prefix `register-` for deadlines
   * added in Teams), each with the document it cites, so they are answered like curated ones.
   */
  syncDynamicEntries(prefix: string, entries: Array<{ entry: KnowledgeEntry; document: KnowledgeDocument }>): void {
    const keep = new Set(entries.map((e) => e.entry.id));
    for (const id of this.retriever.ids()) {
      if (id.startsWith(prefix) && !keep.has(id)) {
        this.retriever.remove(id);
        this.kb.byId.delete(id);
      }
    }
    this.upsert(entries);
  }

  /** Adds or replaces entries (with the document each cites) in the live index. */
  upsert(entries: Array<{ entry: KnowledgeEntry; document: KnowledgeDocument }>): void {
    for (const { entry, document } of entries) {
      this.kb.documents.set(document.id, document);
      this.kb.byId.set(entry.id, entry);
      this.facts.forget(entry.id);
    }
    this.retriever.upsert(entries.map((e) => e.entry));
  }

  /**
   * The answer to a question. Small talk and messages too bare to search ("dank je", "5", "x") are not searched: they
   * get "unknown" without suggestions; `respond` gives them their reply instead.
   */
  ask(typed: string): QaResult {
    const talk = conversationOf(typed, this.retriever.analyzer);
    if (talk) return { kind: 'unknown', question: typed, suggestions: [], trace: this.conversationTrace(typed, talk.act) };
    const { result, trace } = this.read(typed);
    result.trace = trace;
    return result;
  }

  /** A reply to any message: a short friendly one to small talk, a request to say more to a bare word, else `ask`. */
  respond(typed: string): Reply {
    const talk = conversationOf(typed, this.retriever.analyzer);
    if (talk) return { kind: 'conversation', act: talk.act, text: talk.text, trace: this.conversationTrace(typed, talk.act) };
    return this.ask(typed);
  }

  private conversationTrace(typed: string, act: ConversationResult['act']): Trace {
    return {
      typed,
      asked: typed,
      route: 'conversation',
      intent: [act],
      terms: [],
      candidates: [],
      decision: { outcome: 'conversation', by: `conversation:${act}`, reason: act === 'unclear' ? 'too bare to search (a number, one letter or one stop word)' : 'small talk, not searched' },
    };
  }

  private read(typed: string): { result: QaResult; trace: Trace } {
    const done = (reading: Reading, route: Trace['route']): { result: QaResult; trace: Trace } => ({
      result: reading.result,
      trace: { typed, route, ...reading.trace },
    });
    // "Wat betekent DB in die stukken?": a definition is looked up by its term alone; the rest only says where
    // the member saw it.
    const analyzer = this.retriever.analyzer;
    const corrected = analyzer.correctedText(typed);
    for (const clause of clausesOf(corrected).slice(0, 3)) {
      const found = definedTerm(clause);
      if (!found || !onlyWhereSeen(found.rest, analyzer) || PATTERNS.count.test(clause) || PATTERNS.date.test(clause)) continue;
      const defined = this.askOne(`wat betekent ${found.term}`);
      if (defined.result.kind === 'answer' && (defined.result.entry.topics.includes('begrip') || this.facts.titleNames(defined.result.entry, found.term))) {
        return done(defined, 'definition');
      }
    }
    // A message of several sentences is asked whole first; when that finds nothing, by its asking part, since the
    // other sentences ("Ik ben net lid.", "Ik zie er nergens een datum op staan.") may only add words.
    const whole = this.askOne(typed, corrected);
    if (whole.result.kind === 'answer') return done(whole, 'whole');
    const part = this.questionPart(typed);
    if (part === typed) return done(whole, 'whole');
    const asked = this.askOne(part);
    return asked.result.kind === 'answer' ? done(asked, 'question-part') : done(whole, 'whole');
  }

  /** `question`: the typed text with its typos corrected (question words too: "wanmeer" asks for a date). */
  private askOne(typed: string, question = this.retriever.analyzer.correctedText(typed)): Reading {
    const folded = question.trim();
    if (PATTERNS.upcoming.test(folded)) {
      return {
        result: this.upcoming(),
        trace: { asked: folded, intent: ['upcoming'], terms: [], candidates: [], decision: { outcome: 'upcoming', by: 'intent:upcoming', reason: 'asks which dates are coming' } },
      };
    }
    const intent = understand(question, this.retriever.analyzer);
    const searchText = searchTextOf(question);
    const ranked = this.retriever.search(searchText, WEIGHTS.retrieval.candidates).map((hit) => rankOf(hit, intent, this.facts));
    ranked.sort((a, b) => b.rank - a.rank);
    const hits = ranked.map((r) => r.hit);
    // Answer only with an entry that matches the question nearly as well as the best-matching entry of all:
    // when the best matches are ruled out (another municipality, no date), a weaker one rarely answers it.
    const bestCoverage = Math.max(0, ...hits.map((hit) => hit.coverage));
    // When another municipality's entry matches everything but the municipality, an entry about the one named
    // answers only if it misses nothing that that match has: "welke wensen had de raad van Wijchen?" when only Nijmegen's raad had wensen.
    const elsewhere =
      intent.named.size > 0
        ? hits
            .filter((hit) => !this.facts.isAbout(hit.entry, intent.named) && confidenceOf(hit) >= this.threshold && hit.missing.every(isMunicipalityWord))
            .sort((x, y) => confidenceOf(y) - confidenceOf(x))[0]
        : undefined;
    const candidates: TraceCandidate[] = ranked.map((r) => this.traced(r, intent, bestCoverage, elsewhere));
    const bestAt = candidates.findIndex((c) => !c.failed);
    const best = bestAt >= 0 ? ranked[bestAt]! : undefined;
    const traceBase = {
      asked: folded,
      intent: describeIntent(intent),
      terms: this.retriever.analyzer.analyzeQuery(searchText, true).terms.map((t) => `${t.term}${t.weight === 1 ? '' : `(${t.weight})`}`),
      candidates,
    };
    if (!best) {
      const first = candidates[0];
      return {
        result: { kind: 'unknown', question: typed, suggestions: suggestions(this.kb, hits, undefined) },
        trace: {
          ...traceBase,
          decision: first
            ? { outcome: 'unknown', by: `check:${first.failed!.check}`, reason: `best candidate ${first.id}: ${first.failed!.reason}`, entry: first.id }
            : { outcome: 'unknown', by: 'retrieve', reason: 'no entry shares a word with the question' },
        },
      };
    }
    // "Hoeveel coaches heeft Wijchen nu?": when the best answer comes from a document more than two calendar years
    // old, the bot does not know the present state; it offers that entry as a suggestion rather than a weaker one.
    if (intent.now && this.sourcesOlderThan(best.hit.entry, WEIGHTS.sourceAgeYears)) {
      return {
        result: { kind: 'unknown', question: typed, suggestions: suggestions(this.kb, hits, undefined) },
        trace: {
          ...traceBase,
          decision: { outcome: 'unknown', by: 'check:now-old-source', reason: `asks about now; ${best.hit.entry.id} comes from a document over ${WEIGHTS.sourceAgeYears} years old`, entry: best.hit.entry.id },
        },
      };
    }
    const chosen = candidates[bestAt]!;
    const passedOver = candidates.slice(0, bestAt).map((c) => `${c.id} (${c.failed!.check})`);
    return {
      result: composeAnswer(this.kb, best.hit, hits, this.now()),
      trace: {
        ...traceBase,
        decision: {
          outcome: 'answer',
          by: 'feature:confidence',
          reason: `confidence ${chosen.features.confidence.toFixed(2)} >= ${this.threshold} (coverage ${chosen.features.coverage.toFixed(2)}, similarity ${chosen.features.similarity.toFixed(2)}), every check passed${passedOver.length > 0 ? `; ranked above it but ruled out: ${passedOver.join(', ')}` : ''}`,
          entry: chosen.id,
        },
      },
    };
  }

  /** A ranked candidate with its features and the first check it fails (gate.ts, then the two checks against other candidates). */
  private traced(r: Ranked, intent: Intent, bestCoverage: number, elsewhere: Hit | undefined): TraceCandidate {
    const { hit } = r;
    const failed =
      hit.coverage < bestCoverage - WEIGHTS.coverageMargin
        ? { check: 'coverage-margin', reason: `coverage ${hit.coverage.toFixed(2)} far below the best candidate's ${bestCoverage.toFixed(2)}` }
        : (failedCheck(hit, intent, this.gate) ??
          (elsewhere && !hit.missing.every((word) => elsewhere.missing.includes(word) || isMunicipalityWord(word))
            ? { check: 'other-municipality', reason: `${elsewhere.entry.id} (another municipality) matches what this one misses` }
            : undefined));
    return {
      id: hit.entry.id,
      rank: r.rank,
      features: { bm25: hit.score, coverage: hit.coverage, similarity: hit.similarity, confidence: confidenceOf(hit) },
      factors: r.factors,
      missing: hit.missing,
      ...(failed ? { failed } : {}),
    };
  }

  /**
   * The asking part of a message of several sentences ("Ik ben net lid. Wanneer moest de BAR advies geven?"): its
   * questions, with the municipalities that the other sentences name. A message of one sentence stays as it is.
   */
  private questionPart(message: string): string {
    const sentences = clausesOf(message).filter((x) => x.trim().length > 0);
    if (sentences.length < 2) return message;
    const questions = sentences.filter(isQuestionSentence);
    if (questions.length === 0 || questions.length === sentences.length) return message;
    const context = sentences.filter((x) => !isQuestionSentence(x)).join(' ');
    const named = [...municipalitiesIn(this.retriever.analyzer.normalizedWords(context))];
    const years = fold(context).match(PATTERNS.year) ?? [];
    return [...questions, ...named, ...years].join(' ');
  }

  /** Whether every document an entry cites dates from a calendar year more than `years` before this one. */
  private sourcesOlderThan(entry: KnowledgeEntry, years: number): boolean {
    const today = civilDateIn(this.now());
    return entry.sources.every((source) => {
      const date = this.kb.documents.get(source.doc)?.date;
      const year = date ? Number(date.slice(0, 4)) : NaN;
      return Number.isFinite(year) && year < today.year - years;
    });
  }

  /** Every dated item that has not passed yet, soonest first. */
  upcoming(): QaResult {
    return upcoming(this.kb, this.now(), this.extraDates());
  }
}
