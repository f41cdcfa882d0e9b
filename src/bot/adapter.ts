import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from '../config.js';

export const TURN_ERROR_MESSAGE =
  'Sorry, er ging bij mij iets mis. Probeer het over een minuut opnieuw. Blijft het misgaan, meld het dan bij de secretaris.';

/**
 * Longest one outgoing Bot Connector call may take, retries included. Without it a dead serviceUrl holds a
 * turn (and its HTTP request) for 10+ seconds of retries, or for ever when the host accepts and never answers.
 */
export const CONNECTOR_TIMEOUT_MS = 4000;

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'CONNECTOR_TIMEOUT',
]);

/** True for failures to reach another service (DNS, refused, timed out), as opposed to bugs or refusals. */
export function isNetworkError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, errno, name, type } = e as { code?: unknown; errno?: unknown; name?: unknown; type?: unknown };
    if ((typeof code === 'string' && NETWORK_CODES.has(code)) || (typeof errno === 'string' && NETWORK_CODES.has(errno))) return true;
    if (name === 'AbortError' || name === 'FetchError' || type === 'system') return true;
  }
  return false;
}

/** True when a call to the Bot Connector itself failed on the network or hit its deadline (not storage, not a bug). */
function isConnectorUnreachable(error: unknown): boolean {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  return code === 'CONNECTOR_TIMEOUT' || (name === 'RestError' && isNetworkError(error));
}

/** The part of core-rest-pipeline's PipelineRequest and Pipeline the deadline policy touches. */
interface PipelineRequest {
  timeout: number;
  abortSignal?: AbortSignal;
}
interface Pipeline {
  addPolicy(policy: { name: string; sendRequest(request: PipelineRequest, next: (request: PipelineRequest) => Promise<unknown>): Promise<unknown> }): void;
}

/**
 * Bounds every call of a ConnectorClient, retries included, to `ms`: the policy is added without a phase, so
 * core-rest-pipeline runs it outside its retry policy. (ConnectorClientOptions.requestPolicyFactories cannot
 * do this: ConnectorFactoryImpl.create overwrites them.)
 */
function addDeadline(connector: unknown, ms: number): void {
  const pipeline = (connector as { client?: { pipeline?: Pipeline } }).client?.pipeline;
  if (!pipeline) throw new Error('ConnectorClient without a pipeline: botbuilder changed, the connector deadline cannot be set');
  pipeline.addPolicy({
    name: 'adviesbotConnectorDeadline',
    async sendRequest(request, next) {
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => {
          controller.abort();
          reject(Object.assign(new Error(`Bot Connector gaf binnen ${ms} ms geen antwoord`), { code: 'CONNECTOR_TIMEOUT' }));
        }, ms);
      });
      request.abortSignal = request.abortSignal ? AbortSignal.any([request.abortSignal, controller.signal]) : controller.signal;
      if (!request.timeout || request.timeout > ms) request.timeout = ms;
      try {
        return await Promise.race([next(request), expired]);
      } finally {
        clearTimeout(timer);
      }
    },
  });
}

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;

function boundedFactory(inner: ConnectorFactory, ms: number): ConnectorFactory {
  return {
    async create(serviceUrl: string, audience?: string) {
      const connector = await inner.create(serviceUrl, audience);
      addDeadline(connector, ms);
      return connector;
    },
  } as ConnectorFactory;
}

/** Bot Framework authentication whose connector clients (for turns and proactive messages) have a deadline. */
class BoundedAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    options: ConfigurationBotFrameworkAuthenticationOptions,
    private readonly connectorTimeoutMs: number,
  ) {
    super(options);
  }

  override async authenticateRequest(...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>) {
    const result = await super.authenticateRequest(...args);
    if (result.connectorFactory) result.connectorFactory = boundedFactory(result.connectorFactory, this.connectorTimeoutMs);
    return result;
  }

  override createConnectorFactory(...args: Parameters<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>) {
    return boundedFactory(super.createConnectorFactory(...args), this.connectorTimeoutMs);
  }
}

/** The Bot Framework adapter with one central turn-error handler that logs and tells the user in Dutch. */
export function createAdapter(config: Config, logger: Logger, connectorTimeoutMs = CONNECTOR_TIMEOUT_MS): CloudAdapter {
  const auth = new BoundedAuthentication(
    {
      MicrosoftAppId: config.MicrosoftAppId ?? '',
      MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
      MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '',
      MicrosoftAppType: config.MicrosoftAppType,
    } as ConfigurationBotFrameworkAuthenticationOptions,
    connectorTimeoutMs,
  );
  const adapter = new CloudAdapter(auth);
  const log = logger.child({ subsystem: 'turn' });
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const unreachable = isConnectorUnreachable(error);
    log.error(
      { err: error, activityType: context.activity.type, conversationType: context.activity.conversation?.conversationType, connectorUnreachable: unreachable },
      'turn failed',
    );
    if (context.activity.type !== 'message' && context.activity.type !== 'invoke') return;
    // The connector that just failed to take a reply will not take the error message either.
    if (unreachable) return;
    try {
      await context.sendActivity(TURN_ERROR_MESSAGE);
    } catch (sendError) {
      log.warn({ err: sendError }, 'could not tell the user about the failed turn');
    }
  };
  return adapter;
}

export interface InboundResult {
  status: number;
  body?: unknown;
}

/** What CloudAdapter.process does with its parsed body, without its console.error and error text in the answer. */
function fixTimestamps(activity: Record<string, unknown>): Activity {
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}

/**
 * Authenticates and runs one incoming activity, as `CloudAdapter.process` would, but classifies failures
 * itself: a token that cannot be verified is 401, keys that cannot be fetched 503, anything else 500; the
 * answer never carries the error's own text, and the error goes to the pino logger, not to console.error.
 */
export async function processInbound(
  adapter: CloudAdapter,
  authHeader: string,
  activity: Record<string, unknown>,
  logic: (context: TurnContext) => Promise<void>,
  logger: Logger,
): Promise<InboundResult> {
  const run = adapter as unknown as {
    processActivity(auth: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined>;
  };
  let started = false;
  try {
    const invoke = await run.processActivity(authHeader, fixTimestamps(activity), (context) => {
      started = true;
      return logic(context);
    });
    return { status: invoke?.status ?? 200, body: invoke?.body };
  } catch (error) {
    const statusCode = (error as { statusCode?: unknown } | undefined)?.statusCode;
    if (isNetworkError(error)) {
      logger.warn({ err: error }, 'could not verify the token: Bot Framework keys unreachable');
      return { status: 503, body: { error: 'Aanmelding kan nu niet worden gecontroleerd. Probeer het later opnieuw.' } };
    }
    // Whatever failed before the turn began was the token check: the activity was not processed.
    if (!started || statusCode === 401 || statusCode === 403 || isTokenError(error)) {
      logger.info({ reason: (error as Error | undefined)?.message }, 'activity refused: token not valid');
      return { status: 401, body: { error: 'Niet aangemeld: ongeldig of ontbrekend token.' } };
    }
    logger.error({ err: error }, 'activity failed outside the turn');
    return { status: 500, body: { error: 'Interne fout' } };
  }
}

/** jsonwebtoken's own errors (bad signature, malformed, expired) that botbuilder passes on unwrapped. */
function isTokenError(error: unknown): boolean {
  const name = (error as { name?: unknown } | undefined)?.name;
  return name === 'JsonWebTokenError' || name === 'TokenExpiredError' || name === 'NotBeforeError' || name === 'AuthenticationError';
}
