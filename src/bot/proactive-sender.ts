import { CardFactory, MessageFactory } from 'botbuilder';
import type { ReminderNotice, ReminderSender } from '../domain/deadlines/scheduler.js';
import { renderReminder } from './deadline-cards.js';
import type { Outbound } from './outbound.js';

/**
 * Sends one reminder card, one attempt, through the outbound path. The scheduler wraps each send in the same
 * Delivery as every other proactive message (limits, retries, 403/404), and records the outcome per reminder.
 */
export class ProactiveSender implements ReminderSender {
  constructor(
    private readonly outbound: Outbound,
    private readonly now: () => Date,
  ) {}

  async send(conversationId: string, notice: ReminderNotice): Promise<void> {
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(renderReminder(notice, this.now())));
    activity.summary = `Herinnering: ${notice.deadline.title}`;
    await this.outbound.once({ conversationId }, (context) => context.sendActivity(activity));
  }
}
