import pino, { type Logger } from 'pino';

/**
 * JSON logs in production, pretty ones on a terminal. Message texts and secrets are never logged at info.
 *
 * Off a terminal (`npm start | tee log`, App Service) the JSON lines are written synchronously. pino's default
 * destination writes asynchronously and, at exit, flushes what is left with SonicBoom's flushSync, which retries a
 * write that fails with EPIPE for ever: when the reader of the pipe was gone (tee stopped by the same Ctrl-C, or
 * earlier), `process.exit` never returned and the bot did not stop. A synchronous destination has nothing left to
 * flush at exit, and pino turns it into a no-op at the first EPIPE. The bot logs a few lines per minute, not per
 * turn, so writing them synchronously costs nothing that matters.
 */
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
  return pino(options, pino.destination({ dest: 1, sync: true }));
}
