import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from '../config.js';

export const TURN_ERROR_MESSAGE =
  'Sorry, er ging bij mij iets mis. Probeer het over een minuut opnieuw. Blijft het misgaan, meld het dan bij de secretaris.';

/** The Bot Framework adapter with one central turn-error handler that logs and tells the user in Dutch. */
export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId ?? '',
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
    MicrosoftAppType: config.MicrosoftAppType,
  } as ConfigurationBotFrameworkAuthenticationOptions);
  const adapter = new CloudAdapter(auth);
  const log = logger.child({ subsystem: 'turn' });
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    log.error(
      { err: error, activityType: context.activity.type, conversationType: context.activity.conversation?.conversationType },
      'turn failed',
    );
    if (context.activity.type !== 'message' && context.activity.type !== 'invoke') return;
    try {
      await context.sendActivity(TURN_ERROR_MESSAGE);
    } catch (sendError) {
      log.warn({ err: sendError }, 'could not tell the user about the failed turn');
    }
  };
  return adapter;
}
