import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import { civilDateIn, dayNumber, formatCivilDate, fromDayNumber } from '../domain/dates.js';
import { CURATED_PREFIX, curatedAsYaml, withNamedMunicipality, type CurationStore, type OpenQuestion } from '../domain/curation/curation-store.js';
import type { QuestionAnswerer } from '../domain/knowledge/qa.js';
import type { KnowledgeBase } from '../domain/knowledge/load.js';
import type { KnowledgeEntry } from '../domain/knowledge/schema.js';
import { isoDate, parseIsoDate } from '../domain/time.js';
import { expand, renderQaResult, type AdaptiveCard } from './cards.js';
import type { OrganiserCheck } from './organisers.js';
import { actorOf, baseConversationId } from './scope.js';

export const CURATION_VERBS = ['question.escalate', 'question.answer', 'question.link', 'question.ignore', 'feedback.helpful', 'feedback.unhelpful'] as const;
export type CurationVerb = (typeof CURATION_VERBS)[number];

/** Posts cards outside the current turn: to the organisers' conversation, or back to an asker. */
export interface Notifier {
  toOrganisers(card: AdaptiveCard): Promise<boolean>;
  toConversation(conversationId: string, card: AdaptiveCard, text?: string): Promise<void>;
}

const data = z.looseObject({
  questionId: z.string().max(64).optional(),
  entryId: z.string().max(120).optional(),
  question: z.string().max(2000).optional(),
  answer: z.string().max(20_000).optional(),
  source: z.string().max(2000).optional(),
  sourceDate: z.string().max(40).optional(),
  topic: z.string().max(500).optional(),
  phrasings: z.string().max(20_000).optional(),
});

const questionCardData = z.object({
  id: z.string(),
  heading: z.string(),
  question: z.string(),
  meta: z.string(),
  status: z.string(),
  open: z.boolean(),
  errors: z.string(),
  values: z.object({ answer: z.string(), source: z.string(), sourceDate: z.string(), topic: z.string(), phrasings: z.string() }),
  candidates: z.array(z.object({ id: z.string(), title: z.string() })).max(5),
  fallbackText: z.string(),
});

const REFUSAL = 'Alleen organisatoren kunnen vragen beantwoorden, koppelen of negeren. Er is niets veranderd.';

export interface CurationDeps {
  curation: CurationStore;
  qa: QuestionAnswerer;
  kb: KnowledgeBase;
  organisers: OrganiserCheck;
  notifier: Notifier;
  now: () => Date;
  logger: Logger;
}

/**
 * The curation loop in Teams: a question the bot could not answer (or an answer marked not helpful) reaches
 * the organisers, whose answer becomes a curated entry that every instance answers from, and the asker hears
 * back. Feedback counts and asked topics feed the "kennisbank-overzicht".
 */
export class CurationFeature {
  private readonly topicCounts = new Map<string, number>();

  constructor(private readonly deps: CurationDeps) {}

  /** An entry of the live knowledge base (files, answers added in Teams, register deadlines) by id. */
  entryById = (id: string): KnowledgeEntry | undefined => this.deps.kb.byId.get(id);

  /** Reloads entries and phrasings added in Teams into the answerer (on start and every minute). */
  async sync(): Promise<void> {
    const curated = await this.deps.curation.curated();
    // Entries stored before withNamedMunicipality get their municipality here too.
    this.deps.qa.syncDynamicEntries(CURATED_PREFIX, curated.map((c) => ({ entry: withNamedMunicipality(c.entry), document: c.document })));
    for (const [entryId, extra] of await this.deps.curation.phrasings()) {
      const entry = this.deps.kb.byId.get(entryId);
      if (!entry) continue;
      const questions = [...new Set([...entry.questions, ...extra])];
      if (questions.length === entry.questions.length) continue;
      const document = this.deps.kb.documents.get(entry.sources[0]!.doc)!;
      this.deps.qa.upsert([{ entry: { ...entry, questions }, document }]);
    }
    await this.flushTopics();
    const dropped = await this.deps.curation.prune();
    if (dropped > 0) this.deps.logger.info({ dropped }, 'open questions beyond the maximum dropped, least asked first');
  }

  /** Counts what was asked about (in memory; written to storage once a minute, never on the hot path). */
  noteAnswered(entry: KnowledgeEntry): void {
    const topic = entry.topics.find((t) => t !== 'begrip') ?? entry.topics[0]!;
    this.topicCounts.set(topic, (this.topicCounts.get(topic) ?? 0) + 1);
  }

  async flushTopics(): Promise<void> {
    if (this.topicCounts.size === 0) return;
    const counts = new Map(this.topicCounts);
    this.topicCounts.clear();
    await this.deps.curation.countTopics(isoDate(civilDateIn(this.deps.now())), counts);
  }

  /** Keeps a question the bot could not answer; returns its id for the "Vraag het een organisator" button. */
  async keepUnknown(context: TurnContext, question: string): Promise<string | undefined> {
    try {
      const kept = await this.deps.curation.keep({ text: question.slice(0, 1000), asker: askerOf(context), askedAt: this.deps.now().toISOString(), reason: 'onbekend' });
      return kept.id;
    } catch (err) {
      this.deps.logger.warn({ err }, 'could not keep an unanswered question');
      return undefined;
    }
  }

  /** The reply to a curation command, or undefined (at once, not as a promise) when the text is none. */
  command(context: TurnContext, text: string): Promise<{ card: AdaptiveCard } | { text: string } | undefined> | undefined {
    const command = text.toLowerCase().replace(/[!?.]+$/, '').trim();
    if (/^(kennisbank[- ]?overzicht|overzicht kennisbank)$/.test(command)) return this.overviewCommand(context);
    if (/^export(eer)? (de )?kennisbank$/.test(command)) return this.exportCommand(context);
    return undefined;
  }

  private async overviewCommand(context: TurnContext): Promise<{ text: string }> {
    if (!(await this.deps.organisers.isOrganiser(context))) return { text: 'Alleen organisatoren kunnen het kennisbank-overzicht zien.' };
    return { text: await this.overview() };
  }

  private async exportCommand(context: TurnContext): Promise<{ text: string }> {
    if (!(await this.deps.organisers.isOrganiser(context))) return { text: 'Alleen organisatoren kunnen de kennisbank exporteren.' };
    const curated = await this.deps.curation.curated();
    if (curated.length === 0) return { text: 'Er zijn nog geen antwoorden in Teams toegevoegd.' };
    return { text: `Antwoorden die in Teams zijn toegevoegd, in het formaat van knowledge/ (${curated.length}):\n\n\`\`\`yaml\n${curatedAsYaml(curated)}\`\`\`` };
  }

  async action(context: TurnContext, verb: CurationVerb, raw: unknown): Promise<AdaptiveCard | string> {
    const parsed = data.safeParse(raw ?? {});
    if (!parsed.success) return 'Deze knop stuurde onbekende of te lange gegevens mee. Er is niets veranderd.';
    const d = parsed.data;
    if (verb === 'feedback.helpful' || verb === 'feedback.unhelpful') return this.feedback(context, verb === 'feedback.helpful', d.entryId, d.question);
    if (verb === 'question.escalate') return this.escalate(context, d.questionId);
    if (!(await this.deps.organisers.isOrganiser(context))) return REFUSAL;
    const question = d.questionId ? await this.deps.curation.question(d.questionId) : undefined;
    if (!question) return 'Deze vraag bestaat niet. Er is niets veranderd.';
    if (question.state !== 'open') return this.questionCard(question, `Deze vraag is al afgehandeld (${question.state}).`);
    const organiser = context.activity.from?.name || 'een organisator';
    const at = this.deps.now();
    switch (verb) {
      case 'question.ignore': {
        const done = await this.deps.curation.handle(question.id, (q) => ({ ...q, state: 'genegeerd', handledBy: organiser, handledAt: at.toISOString() }));
        return this.questionCard(done ?? question, done ? `Genegeerd door ${organiser}.` : 'Deze vraag is intussen al afgehandeld.');
      }
      case 'question.link': {
        const entry = d.entryId ? this.deps.kb.byId.get(d.entryId) : undefined;
        if (!entry) return this.questionCard(question, '', 'Kies een bestaand antwoord om aan te koppelen.');
        const done = await this.deps.curation.handle(question.id, (q) => ({ ...q, state: 'gekoppeld', handledBy: organiser, handledAt: at.toISOString(), resultEntryId: entry.id }));
        if (!done) return this.questionCard(question, 'Deze vraag is intussen al afgehandeld.');
        await this.deps.curation.addPhrasing(entry.id, question.text);
        await this.sync();
        await this.tellAsker(done);
        return this.questionCard(done, `Gekoppeld aan "${entry.title}" door ${organiser}. De vrager heeft het antwoord gekregen.`);
      }
      case 'question.answer': {
        const answer = (d.answer ?? '').trim();
        const source = (d.source ?? '').trim();
        const problems: string[] = [];
        if (answer.length < 20) problems.push('Het antwoord is leeg of te kort (minstens 20 tekens).');
        if (answer.length > 1200) problems.push(`Het antwoord is te lang (${answer.length} tekens, maximaal 1200).`);
        if (source.length < 5) problems.push('Vul een bron in: de naam van het document of een link.');
        const sourceDate = (d.sourceDate ?? '').trim() || isoDate(civilDateIn(at));
        if (!parseIsoDate(sourceDate)) problems.push('De datum van de bron is geen geldige datum.');
        if (problems.length > 0) return this.questionCard(question, '', problems.join(' '), d);
        const url = /^https?:\/\/\S+$/.test(source) ? source : undefined;
        const curated = await this.deps.curation.addEntry({
          question: question.text,
          answer,
          source: url ? `Link: ${source}` : source,
          ...(url ? { sourceUrl: url } : {}),
          sourceDate,
          topic: (d.topic ?? '').trim() || 'toegevoegd in Teams',
          phrasings: (d.phrasings ?? '').split('\n').map((p) => p.trim()).filter(Boolean).slice(0, 10),
          author: organiser,
          at,
          ...(question.fromDocument ? { documentId: question.fromDocument.documentId, quote: question.fromDocument.quote } : {}),
        });
        const done = await this.deps.curation.handle(question.id, (q) => ({ ...q, state: 'beantwoord', handledBy: organiser, handledAt: at.toISOString(), resultEntryId: curated.entry.id }));
        await this.sync();
        if (done) await this.tellAsker(done);
        this.deps.logger.info({ entry: curated.entry.id }, 'curated entry added');
        return this.questionCard(done ?? question, `Beantwoord door ${organiser} en toegevoegd aan de kennisbank. De vrager heeft het antwoord gekregen.`);
      }
    }
  }

  /**
   * "Maak hier een vast antwoord van" on a passage from an added document: the question is kept as an open question
   * of the organiser, remembering the document and the passage, and the answer form comes prefilled with the passage
   * (as answer to rewrite in plain Dutch, and as the source quote that the curated entry keeps).
   */
  async fromPassage(context: TurnContext, passage: { question: string; documentId: string; quote: string; source: string; sourceDate?: string }): Promise<AdaptiveCard> {
    const kept = await this.deps.curation.keep({ text: passage.question.slice(0, 1000), asker: askerOf(context), askedAt: this.deps.now().toISOString(), reason: 'onbekend' });
    const question =
      (await this.deps.curation.handle(kept.id, (q) => ({ ...q, fromDocument: { documentId: passage.documentId, quote: passage.quote.slice(0, 5000) } }))) ?? kept;
    return this.questionCard(question, 'Uit een toegevoegd document: pas het antwoord aan tot gewone taal en sla het op. De passage wordt het bronciaat.', '', {
      answer: passage.quote.slice(0, 1200),
      source: passage.source,
      sourceDate: passage.sourceDate ?? '',
    });
  }

  private async escalate(context: TurnContext, questionId: string | undefined): Promise<string> {
    const question = questionId ? await this.deps.curation.escalate(questionId) : undefined;
    if (!question) return 'Deze vraag kan ik niet meer vinden. Stel hem gerust opnieuw.';
    // The card names the member who pressed the button, also when someone else asked the same words first.
    const sent = await this.deps.notifier.toOrganisers(await this.questionCard(question, '', '', {}, this.asking(context))).catch(() => false);
    return sent
      ? 'Je vraag is doorgestuurd naar de organisatoren. Je krijgt hier antwoord zodra iemand hem heeft beantwoord.'
      : 'Er is nog geen kanaal voor organisatoren ingesteld. Je vraag is bewaard; een organisator ziet hem in het kennisbank-overzicht.';
  }

  private async feedback(context: TurnContext, helpful: boolean, entryId: string | undefined, question: string | undefined): Promise<string> {
    // A quoted passage of a source document ("passage:<document id>"): its feedback is kept under that id, and a
    // quote that did not help becomes an open question for the organisers (there is no curated entry to link).
    const quoted = entryId?.startsWith('passage:') ? this.deps.kb.documents.get(entryId.slice('passage:'.length)) : undefined;
    if (!entryId || (!quoted && !this.deps.kb.byId.has(entryId))) return 'Dit antwoord ken ik niet meer. Er is niets opgeslagen.';
    await this.deps.curation.feedback(entryId, helpful);
    if (helpful) return quoted ? 'Dank je! Fijn dat het citaat hielp.' : 'Dank je! Fijn dat het antwoord hielp.';
    const text = question || (quoted ? `Citaat uit ${quoted.title}` : this.deps.kb.byId.get(entryId)!.title);
    const kept = await this.deps.curation.keep({
      text: text.slice(0, 1000),
      asker: askerOf(context),
      askedAt: this.deps.now().toISOString(),
      reason: 'niet-nuttig',
      ...(quoted ? {} : { entryId }),
    });
    const sent = await this.deps.notifier.toOrganisers(await this.questionCard(kept, '', '', {}, this.asking(context))).catch(() => false);
    return sent ? 'Dank je. Een organisator kijkt naar dit antwoord; je hoort het hier als er een beter antwoord is.' : 'Dank je. We gebruiken dit om de kennisbank te verbeteren.';
  }

  /** The asker hears back in the conversation where they asked: "Je vroeg op 3 december: ... Antwoord: ...". */
  private async tellAsker(question: OpenQuestion): Promise<void> {
    const result = this.deps.qa.ask(question.text);
    if (result.kind !== 'answer') return;
    const asked = formatCivilDate(civilDateIn(new Date(question.askedAt)));
    const card = renderQaResult(result, { question: question.text, entryOf: this.entryById });
    const conversations = new Set((question.askers ?? [question.asker]).map((a) => a.conversationId));
    for (const conversationId of conversations) {
      await this.deps.notifier
        .toConversation(conversationId, card, `Je vroeg op ${asked}: "${question.text}". Antwoord:`)
        .catch((err: unknown) => this.deps.logger.warn({ err }, 'could not tell the asker'));
    }
  }

  /** Who asks in this turn, where, and when: for the organisers' card. */
  private asking(context: TurnContext): Asking {
    return { id: actorOf(context, 'een lid').id, name: actorOf(context, 'een lid').name, where: WHERE[context.activity.conversation?.conversationType ?? 'personal'] ?? 'in een chat', at: this.deps.now().toISOString() };
  }

  async questionCard(question: OpenQuestion, status = '', errors = '', values: Record<string, unknown> = {}, asking?: Asking): Promise<AdaptiveCard> {
    const candidates = this.deps.qa.retriever
      .search(question.text, 5)
      .filter((h) => !h.entry.id.startsWith('register-'))
      .map((h) => ({ id: h.entry.id, title: h.entry.title }));
    const str = (k: string): string => (typeof values[k] === 'string' ? (values[k] as string) : '');
    return expand('curation-question', questionCardData, {
      id: question.id,
      heading: question.reason === 'onbekend' ? 'Vraag zonder antwoord' : 'Antwoord gemarkeerd als niet nuttig',
      question: question.text,
      meta: `${askedBy(question, asking)}${question.entryId ? ` Gegeven antwoord: ${this.deps.kb.byId.get(question.entryId)?.title ?? question.entryId}.` : ''}`,
      status,
      open: question.state === 'open',
      errors,
      values: { answer: str('answer'), source: str('source'), sourceDate: str('sourceDate'), topic: str('topic'), phrasings: str('phrasings') },
      candidates,
      fallbackText: `Vraag van ${asking?.name ?? question.asker.name}: ${question.text}`,
    });
  }

  /** Open questions, the entries most often found not helpful, and the most asked topics of 30 days. */
  async overview(): Promise<string> {
    await this.flushTopics();
    const open = (await this.deps.curation.questions()).filter((q) => q.state === 'open');
    const feedback = [...(await this.deps.curation.allFeedback())].filter(([, f]) => f.notHelpful > 0).sort((a, b) => b[1].notHelpful - a[1].notHelpful).slice(0, 5);
    const today = dayNumber(civilDateIn(this.deps.now()));
    const days = Array.from({ length: 30 }, (_, i) => isoDate(fromDayNumber(today - i)));
    const topics = [...(await this.deps.curation.topics(days))].sort((a, b) => b[1] - a[1]).slice(0, 5);
    const lines = [`**Kennisbank-overzicht**`, '', `**Open vragen (${open.length})**`];
    open.sort((a, b) => (b.count ?? 1) - (a.count ?? 1));
    for (const q of open.slice(0, 10)) {
      const times = (q.count ?? 1) > 1 ? `, ${q.count} keer gevraagd` : '';
      lines.push(`- "${q.text}" (${q.asker.name}, ${formatCivilDate(civilDateIn(new Date(q.askedAt)))}${times}${q.reason === 'niet-nuttig' ? ', niet nuttig' : ''})`);
    }
    if (open.length === 0) lines.push('- Geen.');
    lines.push('', '**Vaakst niet nuttig**');
    for (const [id, f] of feedback) lines.push(`- ${this.deps.kb.byId.get(id)?.title ?? id}: ${f.notHelpful} keer niet nuttig, ${f.helpful} keer nuttig`);
    if (feedback.length === 0) lines.push('- Geen.');
    lines.push('', '**Meest gevraagde onderwerpen (30 dagen)**');
    for (const [topic, n] of topics) lines.push(`- ${topic}: ${n}`);
    if (topics.length === 0) lines.push('- Nog geen.');
    return lines.join('\n');
  }
}

interface Asking {
  id: string;
  name: string;
  /** "in een persoonlijke chat", "in een groepschat", "in een kanaal". */
  where: string;
  at: string;
}

const WHERE: Record<string, string> = { personal: 'in een persoonlijke chat', groupChat: 'in een groepschat', channel: 'in een kanaal' };

/**
 * "Gesteld door Bo in een persoonlijke chat op 23 november 2026. Eerder ook gevraagd door An; 2 keer in totaal.":
 * the member of this turn first (not whoever asked the same words first), then the others.
 */
function askedBy(question: OpenQuestion, asking: Asking | undefined): string {
  const askers = question.askers ?? [question.asker];
  const first = asking ?? { ...question.asker, where: '', at: question.askedAt };
  const others = [...new Set(askers.filter((a) => a.id !== first.id).map((a) => a.name))];
  const when = formatCivilDate(civilDateIn(new Date(first.at)));
  const count = question.count ?? askers.length;
  const total = count > 1 ? `; ${count} keer in totaal` : '';
  return (
    `Gesteld door ${first.name}${first.where ? ` ${first.where}` : ''} op ${when}.` +
    (others.length
      ? ` ${asking ? 'Eerder ook' : 'Ook'} gevraagd door ${others.slice(0, 5).join(', ')}${others.length > 5 ? ` en ${others.length - 5} anderen` : ''}${total}.`
      : count > 1 ? ` ${count} keer gevraagd.` : '')
  );
}

function askerOf(context: TurnContext): { id: string; name: string; conversationId: string } {
  return { ...actorOf(context, 'een lid'), conversationId: baseConversationId(context) };
}
