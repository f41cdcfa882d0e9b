import { CardFactory, MessageFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import { DeliveryError } from '../domain/delivery/delivery.js';
import type { ReminderNotice, ReminderSender } from '../domain/deadlines/scheduler.js';
import type { KeyValueStore } from '../domain/storage-port.js';
import { getConversation } from './conversations.js';
import { renderReminder } from './deadline-cards.js';

/** Sends reminder cards proactively with the stored conversation reference, through the Bot Framework adapter. */
export class ProactiveSender implements ReminderSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly store: KeyValueStore,
    private readonly now: () => Date,
  ) {}

  async send(conversationId: string, notice: ReminderNotice): Promise<void> {
    const stored = await getConversation(this.store, conversationId);
    // Not "gone" (that would stop the reminders): the reference may simply not be known yet. 424 fails at once
    // and shows up for organisers under "deadlines".
    if (!stored) throw new DeliveryError('geen gespreksreferentie opgeslagen voor dit gesprek', 424);
    const card = renderReminder(notice, this.now());
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    activity.summary = `Herinnering: ${notice.deadline.title}`;
    // The adapter's turn-error handler would swallow a failed send inside the turn; keep the error and
    // rethrow it here, so the scheduler retries it or records it as failed.
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(this.appId, stored.reference as ConversationReference, async (context) => {
        try {
          await context.sendActivity(activity);
        } catch (error) {
          failure = error;
        }
      });
    } catch (error) {
      failure ??= error;
    }
    if (failure !== undefined) throw toDeliveryError(failure);
  }
}

/** Reads the status and Retry-After from a botbuilder / connector error. */
export function toDeliveryError(error: unknown): DeliveryError {
  const e = error as { statusCode?: number; status?: number; message?: string; response?: { headers?: { get?: (n: string) => string | undefined } & Record<string, unknown> } };
  const status = e.statusCode ?? e.status;
  const header = e.response?.headers?.get?.('retry-after') ?? (e.response?.headers?.['retry-after'] as string | undefined);
  const seconds = header !== undefined ? Number(header) : NaN;
  return new DeliveryError(e.message ?? String(error), status, Number.isFinite(seconds) ? seconds * 1000 : undefined);
}
