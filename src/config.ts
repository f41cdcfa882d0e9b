import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { instantOf, parseIsoDate, parseTime } from './domain/time.js';

z.config(z.locales.nl());

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** A comma- (or space-) separated list of ids. */
const idList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(/[\s,;]+/)
      .map((x) => x.trim())
      .filter(Boolean),
  );

/** The environment, parsed once at start. Every variable is documented in .env.example. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3978),
  HOST: z.string().default('0.0.0.0'),
  MicrosoftAppId: optionalText,
  MicrosoftAppPassword: optionalText,
  MicrosoftAppTenantId: optionalText,
  MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  DATA_DIR: z.string().min(1).default('./data'),
  STORAGE: z.enum(['sqlite', 'memory', 'blob']).default('sqlite'),
  /** For STORAGE=blob: the storage account's connection string, and the container (created if missing). */
  AZURE_STORAGE_CONNECTION_STRING: optionalText,
  AZURE_STORAGE_CONTAINER: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]$/, 'moet 3-63 kleine letters, cijfers of streepjes zijn')
    .default('adviesbot'),
  KNOWLEDGE_DIR: optionalText,
  /** Entra object ids of the organisers (secretaris, ambtelijk ondersteuner), comma-separated. */
  ORGANISERS: idList,
  /** The public https address of the bot, for links such as the calendar feed. */
  PUBLIC_URL: optionalText.pipe(z.url({ message: 'moet een volledige URL zijn, zoals https://adviesbot.example.nl' }).optional()),
  /** The organisers' channel or chat (conversation id) for questions the bot could not answer. */
  ORGANISERS_CONVERSATION: optionalText,
  /** Tenants (directory ids) whose users may use the bot and the tab; defaults to MicrosoftAppTenantId. */
  ALLOWED_TENANTS: idList,
  /** Questions one user may ask per minute before the bot asks them to wait. */
  QUESTIONS_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(20),
  /** Replies kept by question for the day and the knowledge version (src/domain/answering/answer-cache.ts); 0: none. */
  ANSWER_CACHE_ENTRIES: z.coerce.number().int().min(0).max(100_000).default(500),
  /**
   * Where the analysis of the knowledge base's texts is kept between starts (src/domain/answering/index-cache.ts),
   * like the parses of the YAML files in the system's temporary folder; `off`: analysed at every start.
   */
  INDEX_CACHE_DIR: z.string().min(1).default(join(tmpdir(), 'adviesbot-index-cache')),
  REMINDER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** How long a reminder claim holds; after a crash the reminder is sent by another tick after this. */
  REMINDER_CLAIM_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  /** How long one press of "Plaatsen" may take to post a draft's card; a crashed post is repaired after twice this. */
  DRAFT_POST_CLAIM_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** How long a stop (Ctrl-C, SIGTERM) may wait for requests and sends in flight before the process exits anyway. */
  SHUTDOWN_SECONDS: z.coerce.number().int().min(1).max(600).default(5),
  /** Identifies this process in reminder claims; defaults to host name and process id. */
  INSTANCE_ID: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** All dates and reminders are Dutch civil time; the process TZ does not matter. */
  /**
   * Only for trying the bot locally (no app id): its clock starts at this moment on Amsterdam's clock
   * ("2026-12-03T08:59") and runs on from there, so a reminder can be seen without waiting for 09:00.
   */
  LOCAL_CLOCK: optionalText.pipe(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{1,2}:\d{2}$/, { message: 'moet een moment zijn als 2026-12-03T08:59 (Amsterdamse tijd)' })
      .refine((v) => parseIsoDate(v.slice(0, 10)) !== undefined && parseTime(v.slice(11)) !== undefined, {
        message: 'moet een bestaande datum en tijd zijn, zoals 2026-12-03T08:59',
      })
      .optional(),
  ),
  TIME_ZONE: z
    .literal('Europe/Amsterdam', { message: 'Adviesbot rekent in Europe/Amsterdam; laat TIME_ZONE leeg of zet hem daarop' })
    .default('Europe/Amsterdam'),
});

export type Config = z.infer<typeof configSchema> & { authMode: 'anonymous' | 'authenticated' };

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError that lists every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `- ${i.path.join('.') || '(omgeving)'}: ${i.message}`);
    throw new ConfigError(`Ongeldige configuratie:\n${lines.join('\n')}`);
  }
  const config = result.data;
  if (config.MicrosoftAppId && config.MicrosoftAppType !== 'UserAssignedMSI' && !config.MicrosoftAppPassword) {
    throw new ConfigError('Ongeldige configuratie:\n- MicrosoftAppPassword: verplicht als MicrosoftAppId is gezet');
  }
  if (config.STORAGE === 'blob' && !config.AZURE_STORAGE_CONNECTION_STRING) {
    throw new ConfigError('Ongeldige configuratie:\n- AZURE_STORAGE_CONNECTION_STRING: verplicht bij STORAGE=blob');
  }
  if (config.MicrosoftAppType === 'SingleTenant' && config.MicrosoftAppId && !config.MicrosoftAppTenantId) {
    throw new ConfigError('Ongeldige configuratie:\n- MicrosoftAppTenantId: verplicht bij MicrosoftAppType=SingleTenant');
  }
  if (config.LOCAL_CLOCK && config.MicrosoftAppId) {
    throw new ConfigError('Ongeldige configuratie:\n- LOCAL_CLOCK: alleen om lokaal te proberen, zonder MicrosoftAppId; laat hem leeg');
  }
  return { ...config, authMode: config.MicrosoftAppId ? 'authenticated' : 'anonymous' };
}

/**
 * The bot's clock: the real one, or with LOCAL_CLOCK one that starts at that Amsterdam moment when the bot starts
 * and runs on at the real pace.
 */
export function clockOf(config: Pick<Config, 'LOCAL_CLOCK'>, real: () => number = Date.now): () => Date {
  if (!config.LOCAL_CLOCK) return () => new Date(real());
  const day = parseIsoDate(config.LOCAL_CLOCK.slice(0, 10))!;
  const time = parseTime(config.LOCAL_CLOCK.slice(11))!;
  const offset = instantOf({ ...day, ...time }).getTime() - real();
  return () => new Date(real() + offset);
}
