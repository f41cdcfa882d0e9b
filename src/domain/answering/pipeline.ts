import { civilDateIn, formatDutchDate } from '../dates.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { KnowledgeDocument, KnowledgeEntry } from '../knowledge/schema.js';
import { composeAnswer, suggestions, upcoming } from './compose.js';
import { EntryFacts } from './entry-facts.js';
import { FEATURE_NAMES, featuresOf } from './features.js';
import { gateChecks, type GateContext, type GateFailure } from './gate.js';
import { PATTERNS, WORDS } from './language.js';
import { fold, words, type AnalyzedQuery } from './normalize.js';
import { ANSWER_EXTRA_FEATURES, contributions, decide, type RankerModel } from './ranker.js';
import { Retriever, type Hit } from './retrieve.js';
import { indexesWithCache } from './index-cache.js';
import { confidenceOf, rankOf, type Ranked } from './score.js';
import { conversationOf } from './conversation.js';
import { readDocumentTexts } from '../knowledge/document-texts.js';
import { PassageIndex, passagesOf, type Passage, type PassageCandidate, type PassageModel } from './passages.js';
import type { ConversationResult, DatedItem, PassageResult, QaOptions, QaResult, Reply, Suggestion, Trace, TraceCandidate } from './types.js';
import { clausesOf, definedTerm, describeIntent, isMunicipalityWord, isQuestionSentence, municipalitiesIn, onlyWhereSeen, searchTextOf, understand, type Intent } from './understand.js';
import { WEIGHTS } from './weights.js';

/**
 * Answering a question, in stages: normalize (normalize.ts: fold, tokens, spelling, compounds, separable verbs) ->
 * understand (understand.ts: intents and slots) -> retrieve (retrieve.ts: MiniSearch) -> score (score.ts: named
 * features) -> gate (gate.ts: named checks) -> compose (compose.ts). `ask` returns the result with a trace that
 * says which feature or check decided.
 */
export const DEFAULT_THRESHOLD = WEIGHTS.threshold;

/** A candidate with its feature vector. */
interface Scored {
  candidate: TraceCandidate;
  x: number[];
}

/** The candidate a decision picked, whether it answers, and what decided. */
interface Choice {
  candidate: TraceCandidate;
  answers: boolean;
  by: string;
  reason: string;
}

/** One reading of a question: its result and the trace of how it came about. */
interface Reading {
  result: QaResult;
  trace: Omit<Trace, 'typed' | 'route'>;
}

/** Words by which a question points back at the sentence before it (words.yaml back_references). */
const BACK_REFERENCES: ReadonlySet<string> = new Set(WORDS.back_references);

export class QuestionAnswerer {
  readonly retriever: Retriever;
  private readonly now: () => Date;
  private readonly threshold: number;
  private readonly extraDates: () => DatedItem[];
  private readonly facts: EntryFacts;
  private readonly gate: GateContext;
  private readonly model: RankerModel | undefined;
  /** The documents' passages (passages.ts), quoted when no entry answers and the passage model is sure enough. */
  readonly passages: PassageIndex;
  private readonly passageModel: PassageModel | undefined;

  constructor(
    private readonly kb: KnowledgeBase,
    options: QaOptions = {},
  ) {
    // With indexCacheDir, the retriever and the passage index come from index-cache.ts (the same, built faster).
    const cached = options.indexCacheDir && options.passages === undefined ? indexesWithCache(kb, readDocumentTexts(kb.documents.values()), options.indexCacheDir) : undefined;
    this.retriever = cached?.retriever ?? new Retriever(kb.entries, kb.lexicon);
    this.now = options.now ?? (() => new Date());
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    this.extraDates = options.extraDates ?? (() => []);
    this.facts = new EntryFacts(this.retriever.analyzer);
    this.gate = { facts: this.facts, analyzer: this.retriever.analyzer, threshold: this.threshold };
    this.model = options.model === null ? undefined : (options.model ?? WEIGHTS.model);
    this.passageModel = options.passageModel === null ? undefined : (options.passageModel ?? WEIGHTS.passageModel);
    const passages = (): Passage[] => (options.passages === null ? [] : (options.passages ?? passagesOf(readDocumentTexts(kb.documents.values()))));
    this.passages = cached?.passages ?? new PassageIndex(passages(), this.retriever.analyzer, kb.documents);
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

  /**
   * `ask`, and when no curated entry answers, the best passage of the documents quoted verbatim if the passage model
   * is sure enough (a PassageResult, labelled as a quote, never presented as a curated answer).
   */
  askOrQuote(typed: string): QaResult | PassageResult {
    const result = this.ask(typed);
    if (result.kind !== 'unknown' || !result.trace || result.trace.route === 'conversation') return result;
    return this.quote(result, result.trace) ?? result;
  }

  /**
   * When no curated entry answers: the best passage of the documents, quoted verbatim, if the passage model gives
   * it at least its threshold and no passage check rules it out. Otherwise nothing (the "weet ik niet" stands); the
   * trace says why.
   */
  private quote(unknown: Extract<QaResult, { kind: 'unknown' }>, trace: Trace): PassageResult | undefined {
    const model = this.passageModel;
    if (!model || this.passages.size === 0) return undefined;
    const candidate = this.passageCandidate(trace);
    if (!candidate) return undefined;
    const p = PassageIndex.probability(model, candidate.x);
    candidate.features.probability = p;
    trace.passage = { id: candidate.passage.id, features: candidate.features, ...(candidate.failed ? { failed: candidate.failed } : {}) };
    if (candidate.failed || p < model.threshold) return undefined;
    const doc = this.kb.documents.get(candidate.passage.doc)!;
    trace.decision = {
      outcome: 'passage',
      by: 'passage-model',
      reason: `no entry answers (${trace.decision.by}); probability ${p.toFixed(2)} >= ${model.threshold} that passage ${candidate.passage.id} (${candidate.passage.location}) answers it`,
    };
    const { passage } = candidate;
    return {
      kind: 'passage',
      label: PassageIndex.label(doc),
      passage: { doc: passage.doc, location: passage.location, text: passage.text },
      source: {
        title: doc.title,
        author: doc.author,
        date: formatDutchDate(doc.date),
        ...(doc.dateNote ? { dateNote: doc.dateNote } : {}),
        ...(doc.url ? { url: doc.url } : {}),
        quotes: [passage.text],
      },
      confidence: Math.round(p * 100) / 100,
      related: unknown.suggestions,
      trace,
    };
  }

  /** The best passage for the question a trace read, with its features (the curated entries' best among them). */
  private passageCandidate(trace: Trace): PassageCandidate {
    const analyzer = this.retriever.analyzer;
    const question = trace.asked;
    const intent = understand(question, analyzer);
    const query = analyzer.analyzeQuery(searchTextOf(question), true);
    return this.passages.best({
      query,
      intent,
      curatedProbability: Math.max(0, ...trace.candidates.map((c) => c.features.probability ?? 0)),
      curatedCoverage: Math.max(0, ...trace.candidates.map((c) => c.features.coverage ?? 0)),
    });
  }

  /**
   * The row the passage model is fitted on (scripts/fit.ts): whether the curated entries declined the question, and
   * the best passage with its features and checks. Undefined for small talk and "welke deadlines komen eraan".
   */
  passageRow(typed: string): { declined: boolean; candidate: PassageCandidate; label?: string } | undefined {
    if (conversationOf(typed, this.retriever.analyzer)) return undefined;
    const { result, trace } = this.read(typed);
    if (result.kind === 'upcoming') return undefined;
    const candidate = this.passageCandidate(trace);
    const doc = candidate ? this.kb.documents.get(candidate.passage.doc) : undefined;
    return { declined: result.kind === 'unknown', candidate, ...(doc ? { label: PassageIndex.label(doc) } : {}) };
  }

  /** A reply to any message: a short friendly one to small talk, a request to say more to a bare word, else `askOrQuote`. */
  respond(typed: string): Reply {
    const talk = conversationOf(typed, this.retriever.analyzer);
    if (talk) return { kind: 'conversation', act: talk.act, text: talk.text, trace: this.conversationTrace(typed, talk.act) };
    return this.askOrQuote(typed);
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
    const { hits: found, query } = this.retriever.searchAnalyzed(searchText, WEIGHTS.retrieval.candidates);
    const ranked = found.map((hit) => rankOf(hit, intent, this.facts));
    ranked.sort((a, b) => b.rank - a.rank);
    const hits = ranked.map((r) => r.hit);
    const scored = this.score(ranked, intent, query);
    const candidates = scored.map((c) => c.candidate);
    const traceBase = {
      asked: folded,
      intent: describeIntent(intent),
      terms: query.terms.map((t) => `${t.term}${t.weight === 1 ? '' : `(${t.weight})`}`),
      candidates,
    };
    const unknown = (decision: Trace['decision']): Reading => ({
      result: { kind: 'unknown', question: typed, suggestions: this.nearTopics(hits, intent, searchText) },
      trace: { ...traceBase, decision },
    });
    if (candidates.length === 0) return unknown({ outcome: 'unknown', by: 'retrieve', reason: 'no entry shares a word with the question' });
    const ruled = this.model ? this.bestByModel(scored) : this.bestByRules(scored);
    const same = this.samePhrasing(scored, hits, folded);
    const best = same && !(ruled.answers && ruled.candidate.id === same.candidate.id) ? same : ruled;
    if (!best.answers) return unknown({ outcome: 'unknown', by: best.by, reason: best.reason, entry: best.candidate.id });
    const chosen = best.candidate;
    const hit = hits.find((h) => h.entry.id === chosen.id)!;
    // "Hoeveel coaches heeft Wijchen nu?": when the best answer comes from a document more than two calendar years
    // old, the bot does not know the present state; it offers that entry as a suggestion rather than a weaker one.
    if (intent.now && this.sourcesOlderThan(hit.entry, WEIGHTS.sourceAgeYears)) {
      return unknown({
        outcome: 'unknown',
        by: 'check:now-old-source',
        reason: `asks about now; ${chosen.id} comes from a document over ${WEIGHTS.sourceAgeYears} years old`,
        entry: chosen.id,
      });
    }
    return {
      result: composeAnswer(this.kb, hit, hits, this.now(), this.model ? chosen.features.probability : undefined),
      trace: { ...traceBase, decision: { outcome: 'answer', by: best.by, reason: best.reason, entry: chosen.id } },
    };
  }

  /**
   * The topics offered after "weet ik niet": the hits that match the question well. When the question names a year
   * that the best hit does not mention ("wat is het budget voor participatiecoaching in 2031"), that year weighs so
   * much that no hit matches half the question, though the bot knows the topic for the years it covers: then the
   * topics that match the question without its years, held to the same measure.
   */
  private nearTopics(hits: Hit[], intent: Intent, searchText: string): Suggestion[] {
    const near = suggestions(this.kb, hits, undefined);
    if (near.length > 0 || intent.years.size === 0 || !hits[0]?.missing.some((word) => intent.years.has(word))) return near;
    const withoutYears = searchText.replace(PATTERNS.year, ' ');
    const { hits: found } = this.retriever.searchAnalyzed(withoutYears, WEIGHTS.retrieval.candidates);
    const ranked = found.map((hit) => rankOf(hit, intent, this.facts)).sort((a, b) => b.rank - a.rank);
    return suggestions(this.kb, ranked.map((r) => r.hit), undefined);
  }

  /** Every candidate with its named features, the checks it fails and (with the learned ranker) its probability. */
  private score(ranked: Ranked[], intent: Intent, query: AnalyzedQuery): Scored[] {
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
    const best = {
      coverage: bestCoverage,
      similarity: Math.max(0, ...hits.map((hit) => hit.similarity)),
      bm25: Math.max(0, ...hits.map((hit) => hit.score)),
    };
    const unknownShare = query.terms.length > 0 ? query.terms.filter((t) => !this.retriever.knows(t.term)).length / query.terms.length : 0;
    let ruleChoiceMade = false;
    const thisYear = civilDateIn(this.now()).year;
    return ranked.map((r, position) => {
      const { hit } = r;
      const failures: GateFailure[] = [];
      if (hit.coverage < bestCoverage - WEIGHTS.coverageMargin) {
        failures.push({ check: 'coverage-margin', reason: `coverage ${hit.coverage.toFixed(2)} far below the best candidate's ${bestCoverage.toFixed(2)}` });
      }
      failures.push(...gateChecks(hit, intent, this.gate));
      if (elsewhere && !hit.missing.every((word) => elsewhere.missing.includes(word) || isMunicipalityWord(word))) {
        failures.push({ check: 'other-municipality', reason: `${elsewhere.entry.id} (another municipality) matches what this one misses` });
      }
      const ruleChoice = !ruleChoiceMade && failures.length === 0;
      if (ruleChoice) ruleChoiceMade = true;
      const x = featuresOf({ hit, position, intent, failures, best, unknownShare, queryTerms: query.terms.length, facts: this.facts, ruleChoice, content: query.content, pastSources: this.sourcesOlderThan(hit.entry, 0, thisYear) });
      const features: Record<string, number> = {};
      for (let i = 0; i < FEATURE_NAMES.length; i++) features[FEATURE_NAMES[i]!] = x[i]!;
      const candidate: TraceCandidate = {
        id: hit.entry.id,
        rank: r.rank,
        features,
        factors: r.factors,
        missing: hit.missing,
        ...(failures[0] ? { failed: failures[0] } : {}),
      };
      return { candidate, x };
    });
  }

  /**
   * A question worded as one entry's own stored phrasing ("Wat vond de BAR van de DVO?", also what its related-question
   * button sends) is answered by that entry when it passes every check and no other candidate is worded so too: the
   * curators wrote that question for it. When several are worded so (their phrasings hold every word of it), the one
   * whose stored phrasing is the question word for word.
   */
  private samePhrasing(scored: Scored[], hits: Hit[], question: string): Choice | undefined {
    // Not a definition for a question that asks for the items ("Welke focusgroepen zijn er?" is no "Wat is een focusgroep?").
    let same = scored.filter((s) => s.candidate.features.similarity! >= WEIGHTS.samePhrasing && !s.candidate.failed && s.candidate.features['fit:definitionForList'] !== 1);
    if (same.length > 1) {
      const asked = words(question).join(' ');
      const stored = (id: string): string[] => {
        const entry = hits.find((h) => h.entry.id === id)!.entry;
        return [entry.title, ...entry.questions].map((p) => words(p).join(' '));
      };
      same = same.filter((s) => stored(s.candidate.id).includes(asked));
    }
    if (same.length !== 1) return undefined;
    const chosen = same[0]!.candidate;
    // Its confidence on the card: the ranker's probability for it when the ranker did not pick it.
    if (chosen.features.probability === undefined && chosen.features.rankProbability !== undefined) chosen.features.probability = chosen.features.rankProbability;
    return { candidate: chosen, answers: true, by: 'phrasing:same', reason: `worded as a stored phrasing of ${chosen.id} (similarity ${chosen.features.similarity!.toFixed(2)}), every check passed` };
  }

  /** The hand-set rules: the first candidate in rank order that fails no check. */
  private bestByRules(scored: Scored[]): Choice {
    const at = scored.findIndex((s) => !s.candidate.failed);
    if (at < 0) {
      const first = scored[0]!.candidate;
      return { candidate: first, answers: false, by: `check:${first.failed!.check}`, reason: `best candidate ${first.id}: ${first.failed!.reason}` };
    }
    const chosen = scored[at]!.candidate;
    const passedOver = scored.slice(0, at).map((s) => `${s.candidate.id} (${s.candidate.failed!.check})`);
    const f = chosen.features;
    return {
      candidate: chosen,
      answers: true,
      by: 'feature:ruleConfidence',
      reason: `confidence ${f.ruleConfidence!.toFixed(2)} >= ${this.threshold} (coverage ${f.coverage!.toFixed(2)}, similarity ${f.similarity!.toFixed(2)}), every check passed${passedOver.length > 0 ? `; ranked above it but ruled out: ${passedOver.join(', ')}` : ''}`,
    };
  }

  /**
   * The learned ranker: stage 1 gives each candidate the probability that it answers the question; the best one
   * answers when stage 2, the probability that it is right given how it stands out, reaches the threshold.
   */
  private bestByModel(scored: Scored[]): Choice {
    const model = this.model!;
    const { ps, best, answerX, p } = decide(model, scored.map((s) => s.x));
    scored.forEach((s, i) => (s.candidate.features.rankProbability = ps[i]!));
    const top = scored[best]!.candidate;
    top.features.probability = p;
    // The features that weighed most, for or against: what decided.
    const names = [...ANSWER_EXTRA_FEATURES, ...model.features];
    const parts = contributions(model.answer, answerX).map((c, i) => ({ name: names[i]!, c }));
    const answers = p >= model.threshold;
    parts.sort((a, b) => (answers ? b.c - a.c : a.c - b.c));
    const named = parts.slice(0, 3).map((q) => `${q.name} ${q.c >= 0 ? '+' : ''}${q.c.toFixed(2)}`);
    return {
      candidate: top,
      answers,
      by: `feature:${parts[0]!.name}`,
      reason: `probability ${p.toFixed(2)} ${answers ? '>=' : '<'} ${model.threshold} that ${top.id} answers it (ranked first by the model: ${ps[best]!.toFixed(2)}); weighed most: ${named.join(', ')}`,
    };
  }

  /** The candidates of the question as a whole, with their feature vectors: the rows the ranker is fitted on (scripts/fit.ts). */
  candidateRows(typed: string): Array<{ id: string; x: number[] }> {
    const question = this.retriever.analyzer.correctedText(typed);
    if (conversationOf(typed, this.retriever.analyzer) || PATTERNS.upcoming.test(question.trim())) return [];
    const intent = understand(question, this.retriever.analyzer);
    const { hits, query } = this.retriever.searchAnalyzed(searchTextOf(question), WEIGHTS.retrieval.candidates);
    const ranked = hits.map((hit) => rankOf(hit, intent, this.facts)).sort((a, b) => b.rank - a.rank);
    return this.score(ranked, intent, query).map((s) => ({ id: s.candidate.id, x: s.x }));
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
    // "... staat aanbestedingsbrief. Wat wordt daarmee bedoeld?": the question needs the sentence it points back at.
    if (questions.some((q) => fold(q).split(/[^a-z0-9]+/).some((w) => BACK_REFERENCES.has(w)))) return message;
    const context = sentences.filter((x) => !isQuestionSentence(x)).join(' ');
    const named = [...municipalitiesIn(this.retriever.analyzer.normalizedWords(context))];
    const years = fold(context).match(PATTERNS.year) ?? [];
    return [...questions, ...named, ...years].join(' ');
  }

  /** Whether every document an entry cites dates from a calendar year more than `years` before this one. */
  private sourcesOlderThan(entry: KnowledgeEntry, years: number, thisYear = civilDateIn(this.now()).year): boolean {
    return entry.sources.every((source) => {
      const date = this.kb.documents.get(source.doc)?.date;
      const year = date ? Number(date.slice(0, 4)) : NaN;
      return Number.isFinite(year) && year < thisYear - years;
    });
  }

  /** Every dated item that has not passed yet, soonest first. */
  upcoming(): QaResult {
    return upcoming(this.kb, this.now(), this.extraDates());
  }
}
