import {
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type ConversationReference,
  type InvokeResponse,
} from 'botbuilder';
import { z } from 'zod';
import type { Logger } from 'pino';
import type { QuestionAnswerer } from '../domain/knowledge/qa.js';
import type { KeyValueStore } from '../domain/storage-port.js';
import { countKnowledge, renderHelp, ReplyCards, type AdaptiveCard } from './cards.js';
import { saveConversationReference } from './conversations.js';
import { DEADLINE_VERBS, type DeadlineFeature } from './deadline-feature.js';
import { DRAFT_VERBS, type DraftFeature } from './draft-feature.js';
import { CURATION_VERBS, type CurationFeature } from './curation-feature.js';
import { DOCUMENT_VERBS, type DocumentFeature } from './document-feature.js';
import type { OrganiserCheck } from './organisers.js';
import { ORGANISERS_CONVERSATION_KEY } from './teams-notifier.js';
import { teamIdOf } from './scope.js';
import { QuestionLimit, RecentSet } from '../domain/limits/recent.js';

export interface AdviesbotDeps {
  qa: QuestionAnswerer;
  store: KeyValueStore;
  documents: number;
  logger: Logger;
  deadlines?: DeadlineFeature;
  drafts?: DraftFeature;
  curation?: CurationFeature;
  /** Added documents: files shared with the bot, and passage answers where the knowledge base has none. */
  documentFeature?: DocumentFeature;
  organisers?: OrganiserCheck;
  /** Tenants allowed to use the bot; empty: any (local mode). */
  allowedTenants?: string[];
  /** Questions per user per minute before the bot asks them to slow down. */
  questionsPerMinute?: number;
  /** The clock of the per-user limit. */
  now?: () => Date;
}

/** Users whose recent questions are counted, and conversations whose reference was saved by this process, at most. */
export const MAX_USERS_KEPT = 10_000;
export const MAX_CONVERSATIONS_KEPT = 10_000;

/** An Action.Execute payload, parsed before anything else. */
const invokeValue = z.looseObject({
  action: z.looseObject({ type: z.string(), verb: z.string().max(64), data: z.unknown().optional() }),
});

const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';

/** A feature's typed commands: the reply, or undefined at once when the text is none of its commands. */
interface CommandFeature {
  command(context: TurnContext, text: string): Promise<{ card: AdaptiveCard } | { text: string } | undefined> | undefined;
}

/** Longest question we try to answer; Teams allows far more, but nobody asks a question of this length. */
export const MAX_QUESTION_LENGTH = 1000;

const HELP = /^(help|hulp|\?|menu|start|hallo|hoi|hey|hi|goedemorgen|goedemiddag|goedenavond|wat kun je|wat kan je( allemaal)?( doen)?)[\s?!.]*$/i;

export function cardActivity(card: AdaptiveCard): Partial<Activity> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

/** The question a message carries: its text without the @mention, or the question of a card button. */
export function questionOf(context: TurnContext): string {
  const activity = context.activity;
  let text = typeof activity.text === 'string' ? activity.text : '';
  if (activity.entities?.length) text = TurnContext.removeRecipientMention(activity) ?? text;
  text = text.replace(/<at>[^<]*<\/at>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ');
  const value = activity.value as { question?: unknown } | undefined;
  if (!text.trim() && value && typeof value.question === 'string') text = value.question;
  return text.replace(/\s+/g, ' ').trim();
}

function mentionsBot(context: TurnContext): boolean {
  const botId = context.activity.recipient?.id;
  return (context.activity.entities ?? []).some((e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === botId);
}

/** An invoke response that shows a message instead of a card (Universal Actions allow both). */
function messageResponse(text: string): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: MESSAGE, value: text } as unknown as AdaptiveCardInvokeResponse;
}

export class Adviesbot extends TeamsActivityHandler {
  /** Recent question times per user, for the per-user limit. */
  private readonly questionLimit: QuestionLimit;
  /** The cards of replies the answer cache keeps, rendered once per reply (cards.ts). */
  private readonly cards: ReplyCards;
  /** The features with typed commands, asked in this order. */
  private readonly commandFeatures: ReadonlyArray<CommandFeature | undefined>;

  constructor(private readonly deps: AdviesbotDeps) {
    super();
    this.cards = new ReplyCards(deps.curation?.entryById);
    this.commandFeatures = [deps.drafts, deps.curation, deps.documentFeature, deps.deadlines];
    this.questionLimit = new QuestionLimit(deps.questionsPerMinute ?? 20, MAX_USERS_KEPT, deps.now ?? (() => new Date()));

    this.onMessage(async (context, next) => {
      // A reply in a draft's thread is a comment, mention or not; it gets an answer only when it mentions the bot.
      // With resource-specific consent Teams delivers every channel and group chat message; outside a personal
      // chat the bot only answers when it is mentioned.
      // (Here and below, a feature that has nothing to do answers at once instead of with a promise: each promise of
      // a turn costs a little, in restify's domains most of all.)
      const comment = this.deps.drafts?.threadMessage(context);
      if (comment) await comment;
      const personal = (context.activity.conversation?.conversationType ?? 'personal') === 'personal';
      if (personal || mentionsBot(context)) {
        const remembering = this.rememberOnce(context);
        if (remembering) await remembering;
        await this.handleMessage(context);
      }
      await next();
    });

    this.onTeamsMessageEditEvent(async (context, next) => {
      await this.deps.drafts?.threadEdit(context, false);
      await next();
    });

    this.onTeamsMessageSoftDeleteEvent(async (context, next) => {
      await this.deps.drafts?.threadEdit(context, true);
      await next();
    });

    this.onConversationUpdate(async (context, next) => {
      await this.remember(context);
      const added = context.activity.membersAdded ?? [];
      if (added.some((m) => m.id === context.activity.recipient?.id)) {
        await context.sendActivity(cardActivity(this.helpCard()));
      }
      await next();
    });

    this.onInstallationUpdate(async (context, next) => {
      await this.remember(context);
      await next();
    });
  }

  /** The help and welcome card, with the curated entries, the answers added in Teams and the deadlines counted apart. */
  private helpCard(): AdaptiveCard {
    return renderHelp(countKnowledge(this.deps.qa.retriever.ids(), this.deps.documents));
  }

  /** Activities from tenants that are not on the allow list are refused (and logged) before anything else. */
  override run(context: TurnContext): Promise<void> {
    const allowed = this.deps.allowedTenants ?? [];
    if (allowed.length > 0) {
      const tenant =
        context.activity.conversation?.tenantId ?? (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
      if (!tenant || !allowed.includes(tenant)) return this.refuseTenant(context, tenant);
    }
    return super.run(context);
  }

  private async refuseTenant(context: TurnContext, tenant: string | undefined): Promise<void> {
    this.deps.logger.warn({ tenant: tenant ?? 'onbekend', type: context.activity.type }, 'activity from a tenant that is not allowed; refused');
    if (context.activity.type === 'message') await context.sendActivity('Deze organisatie mag Adviesbot niet gebruiken.');
  }

  /** True when this user asked more than the limit in the last minute. */
  private tooMany(context: TurnContext): boolean {
    return this.questionLimit.tooMany(context.activity.from?.aadObjectId ?? context.activity.from?.id ?? 'onbekend');
  }

  /** A malformed card action gets a 400 in Dutch instead of failing inside botbuilder's own parsing. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action' && !invokeValue.safeParse(context.activity.value).success) {
      return {
        status: 400,
        body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'Onleesbare kaartactie; er is niets veranderd.' } },
      };
    }
    return super.onInvokeActivity(context);
  }

  /** Universal Actions (Action.Execute): the returned card replaces the one the user acted on. */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    raw: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const parsed = invokeValue.safeParse(raw);
    if (!parsed.success || parsed.data.action.type !== 'Action.Execute') {
      return messageResponse('Deze kaartactie ken ik niet. Er is niets veranderd.');
    }
    const { verb, data } = parsed.data.action;
    const remembering = this.rememberOnce(context);
    if (remembering) await remembering;
    try {
      return await this.dispatchAction(context, verb, data);
    } catch (error) {
      // A failing card action answers the one who pressed the button, not the whole channel.
      this.deps.logger.error({ err: error, verb }, 'card action failed');
      return messageResponse('Er ging iets mis bij deze actie. Probeer het over een minuut opnieuw; er is mogelijk niets opgeslagen.');
    }
  }

  /** Hands a card action to the feature that owns its verb; its card or message becomes the invoke response. */
  private async dispatchAction(context: TurnContext, verb: string, data: unknown): Promise<AdaptiveCardInvokeResponse> {
    const features: Array<[readonly string[], ((c: TurnContext, v: never, d: unknown) => Promise<AdaptiveCard | string>) | undefined]> = [
      [DEADLINE_VERBS, this.deps.deadlines && ((c, v, d) => this.deps.deadlines!.action(c, v, d))],
      [CURATION_VERBS, this.deps.curation && ((c, v, d) => this.deps.curation!.action(c, v, d))],
      [DRAFT_VERBS, this.deps.drafts && ((c, v, d) => this.deps.drafts!.action(c, v, d))],
      [DOCUMENT_VERBS, this.deps.documentFeature && ((c, v, d) => this.deps.documentFeature!.action(c, v, d))],
    ];
    for (const [verbs, handle] of features) {
      if (!handle || !verbs.includes(verb)) continue;
      const result = await handle(context, verb as never, data);
      this.deps.logger.info({ verb }, 'card action handled');
      return typeof result === 'string' ? messageResponse(result) : { statusCode: 200, type: CARD, value: result };
    }
    return messageResponse('Deze kaartactie ken ik niet. Er is niets veranderd.');
  }

  /**
   * "organisatorenkanaal": an organiser makes this channel or group chat the organisers' conversation, where
   * questions the bot could not answer arrive. It is chosen on purpose, never by installing the bot: a question
   * asked in a personal chat must not land in a chat of members.
   */
  private async setOrganisersConversation(context: TurnContext): Promise<string> {
    if (!this.deps.organisers || !(await this.deps.organisers.isOrganiser(context).catch(() => false))) {
      return 'Alleen organisatoren kunnen kiezen waar vragen zonder antwoord binnenkomen. Er is niets veranderd.';
    }
    if ((context.activity.conversation?.conversationType ?? 'personal') === 'personal') {
      return 'Typ **organisatorenkanaal** in het kanaal of de groepschat van de organisatoren, niet in een persoonlijke chat. Er is niets veranderd.';
    }
    const conversationId = context.activity.conversation.id.split(';')[0]!;
    await this.deps.store.write({ [ORGANISERS_CONVERSATION_KEY]: { conversationId, eTag: '*' } });
    return 'Vragen die ik niet kon beantwoorden, en antwoorden die als niet nuttig zijn gemarkeerd, komen vanaf nu in dit gesprek, met wie het vroeg. Zorg dat hier alleen organisatoren meelezen.';
  }

  private readonly remembered = new RecentSet(MAX_CONVERSATIONS_KEPT);

  /**
   * Keeps the reference of every conversation the bot is used in (once per process), under the conversation
   * without its thread part, so reminders and card updates can reach it even if the install event was missed.
   */
  private rememberOnce(context: TurnContext): Promise<void> | undefined {
    const base = context.activity.conversation?.id?.split(';')[0];
    // Saved again when the conversation's service address changes (a new run of `npm run chat` reuses its
    // conversation with a new reply endpoint), so proactive messages go where the conversation is now.
    const seen = `${base}|${context.activity.serviceUrl ?? ''}`;
    // Already saved (nearly every turn): nothing to wait for.
    if (!base || this.remembered.has(seen)) return undefined;
    return this.saveReference(context, base, seen);
  }

  private async saveReference(context: TurnContext, base: string, seen: string): Promise<void> {
    const reference = TurnContext.getConversationReference(context.activity) as ConversationReference;
    try {
      await saveConversationReference(this.deps.store, { ...reference, conversation: { ...reference.conversation, id: base } }, context.activity.type ?? 'message', new Date(), teamIdOf(context));
      this.remembered.add(seen);
    } catch (err) {
      // Best effort: answering does not need it; the next turn tries again.
      this.deps.logger.warn({ err }, 'could not save the conversation reference');
    }
  }

  private async remember(context: TurnContext): Promise<void> {
    const reference = TurnContext.getConversationReference(context.activity) as ConversationReference;
    const base = reference.conversation?.id?.split(';')[0];
    await saveConversationReference(this.deps.store, { ...reference, conversation: { ...reference.conversation, id: base ?? '' } }, context.activity.type ?? 'unknown', new Date(), teamIdOf(context));
    if (base) this.remembered.add(`${base}|${context.activity.serviceUrl ?? ''}`);
    this.deps.logger.info(
      { conversationType: reference.conversation?.conversationType, event: context.activity.type },
      'conversation reference saved',
    );
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const files = this.deps.documentFeature?.attachments(context);
    if (files && (await files)) return;
    const question = questionOf(context);
    if (!question) {
      // An empty message or an unknown card action: say what the bot can do rather than nothing.
      await context.sendActivity(
        'Ik zie geen vraag in je bericht. Typ je vraag over de DVO, of **help** voor voorbeelden.',
      );
      return;
    }
    if (this.tooMany(context)) {
      await context.sendActivity('Je stelt veel vragen kort na elkaar. Wacht even een minuut; daarna help ik je graag verder.');
      return;
    }
    if (question.length > MAX_QUESTION_LENGTH) {
      await context.sendActivity(
        `Je bericht is te lang voor een vraag (${question.length} tekens, maximaal ${MAX_QUESTION_LENGTH}). Stel één korte vraag, dan zoek ik het antwoord op.`,
      );
      return;
    }
    if (/^(organisatorenkanaal|organisatorenchat|organisatoren kanaal)[.!]?$/i.test(question)) {
      await context.sendActivity(await this.setOrganisersConversation(context));
      return;
    }
    // The first feature whose command this is answers it; a question is none of them, which each says at once.
    let command: { card: AdaptiveCard } | { text: string } | undefined;
    for (const feature of this.commandFeatures) {
      const pending = feature?.command(context, question);
      command = pending && (await pending);
      if (command) break;
    }
    if (command) {
      await context.sendActivity('card' in command ? cardActivity(command.card) : command.text);
      return;
    }
    if (HELP.test(question)) {
      await context.sendActivity(cardActivity(this.helpCard()));
      return;
    }
    const started = performance.now();
    const reply = this.deps.qa.respond(question);
    // Small talk ("dank je", "goedemorgen") and bare input ("5", "a") get a short reply; nothing is searched or kept.
    if (reply.kind === 'conversation') {
      await context.sendActivity(reply.text);
      return;
    }
    const result = reply;
    this.deps.logger.debug(
      {
        outcome: result.kind,
        entry: result.kind === 'answer' ? result.entry.id : undefined,
        confidence: result.kind === 'answer' ? result.confidence : undefined,
        ms: Math.round((performance.now() - started) * 100) / 100,
      },
      'question answered',
    );
    // Where the curated knowledge has no answer, a passage from an added document may have one.
    const fromDocument = this.deps.documentFeature?.answer(result, question);
    if (fromDocument) {
      await context.sendActivity(cardActivity(await this.deps.documentFeature!.answerCard(context, fromDocument)));
      return;
    }
    let questionId: string | undefined;
    if (result.kind === 'unknown') questionId = await this.deps.curation?.keepUnknown(context, question);
    if (result.kind === 'answer') this.deps.curation?.noteAnswered(result.entry);
    await context.sendActivity(cardActivity(this.cards.render(result, { question, ...(questionId ? { questionId } : {}) })));
  }
}
