import {
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type ConversationReference,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { QuestionAnswerer } from '../domain/knowledge/qa.js';
import type { KeyValueStore } from '../domain/storage-port.js';
import { renderHelp, renderQaResult, type AdaptiveCard } from './cards.js';
import { saveConversationReference } from './conversations.js';

export interface AdviesbotDeps {
  qa: QuestionAnswerer;
  store: KeyValueStore;
  documents: number;
  logger: Logger;
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

export class Adviesbot extends TeamsActivityHandler {
  constructor(private readonly deps: AdviesbotDeps) {
    super();

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    this.onConversationUpdate(async (context, next) => {
      await this.remember(context);
      const added = context.activity.membersAdded ?? [];
      if (added.some((m) => m.id === context.activity.recipient?.id)) {
        await context.sendActivity(cardActivity(renderHelp(this.deps.qa.entryCount, this.deps.documents)));
      }
      await next();
    });

    this.onInstallationUpdate(async (context, next) => {
      await this.remember(context);
      await next();
    });
  }

  private async remember(context: TurnContext): Promise<void> {
    const reference = TurnContext.getConversationReference(context.activity) as ConversationReference;
    await saveConversationReference(this.deps.store, reference, context.activity.type ?? 'unknown');
    this.deps.logger.info(
      { conversationType: reference.conversation?.conversationType, event: context.activity.type },
      'conversation reference saved',
    );
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const question = questionOf(context);
    if (!question) {
      // An empty message or an unknown card action: say what the bot can do rather than nothing.
      await context.sendActivity(
        'Ik zie geen vraag in je bericht. Typ je vraag over de DVO, of **help** voor voorbeelden.',
      );
      return;
    }
    if (question.length > MAX_QUESTION_LENGTH) {
      await context.sendActivity(
        `Je bericht is te lang voor een vraag (${question.length} tekens, maximaal ${MAX_QUESTION_LENGTH}). Stel één korte vraag, dan zoek ik het antwoord op.`,
      );
      return;
    }
    if (HELP.test(question)) {
      await context.sendActivity(cardActivity(renderHelp(this.deps.qa.entryCount, this.deps.documents)));
      return;
    }
    const started = performance.now();
    const result = this.deps.qa.ask(question);
    this.deps.logger.debug(
      {
        outcome: result.kind,
        entry: result.kind === 'answer' ? result.entry.id : undefined,
        confidence: result.kind === 'answer' ? result.confidence : undefined,
        ms: Math.round((performance.now() - started) * 100) / 100,
      },
      'question answered',
    );
    await context.sendActivity(cardActivity(renderQaResult(result)));
  }
}
