import pino, { type Logger } from 'pino';

/** JSON logs in production, pretty ones on a terminal. Message texts and secrets are never logged at info. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { app: 'adviesbot' },
    redact: {
      paths: ['MicrosoftAppPassword', '*.MicrosoftAppPassword', 'authorization', '*.authorization', 'headers.authorization'],
      censor: '[verborgen]',
    },
  };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY && process.env.NODE_ENV !== 'production') {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } });
  }
  return pino(options);
}
