// Start Adviesbot and Microsoft 365 Agents Playground pointed at it: a Teams-like chat in the browser, offline,
// without Azure, a tenant or a tunnel. Chat, press Action.Execute buttons and see cards update (imBack buttons do
// not work in playground 0.2.x; see docs/playground.md for what does and does not).
//   npm run playground                          bot on 127.0.0.1:3978, playground on http://localhost:56150
//   PORT=3979 npm run playground                another bot port
//   TEAMSAPPTESTER_PORT=56151 npm run playground  another playground port (busy: the playground picks a free one)
//   TEAMSAPPTESTER_BROWSER=none npm run playground  do not open a browser
// See docs/playground.md.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const TSX_CLI = require.resolve('tsx/cli');

const BOT_READY_TIMEOUT_MS = 90_000;
const PLAYGROUND_READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

class PlaygroundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaygroundError';
  }
}

/** The CLI of the devDependency @microsoft/m365agentsplayground (bins agentsplayground / teamsapptester). */
function playgroundCli(): string {
  let cli: string | undefined;
  try {
    cli = join(dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
  } catch {
    cli = undefined;
  }
  if (!cli || !existsSync(cli)) {
    throw new PlaygroundError('De Agents Playground (@microsoft/m365agentsplayground) is niet geïnstalleerd. Voer eerst npm ci uit (met devDependencies).');
  }
  return cli;
}

/** A port number from the environment, or `fallback`; anything else stops with a Dutch message. */
function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]?.trim() || String(fallback);
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65_535) {
    throw new PlaygroundError(`${name} moet een poortnummer van 1 tot en met 65535 zijn, niet "${raw}". Bijvoorbeeld: ${name}=${fallback + 1} npm run playground`);
  }
  return port;
}

/** The address to reach a server on that listens on `host`; a wildcard address is reached over loopback. */
function connectHost(host: string): string {
  if (host === '' || host === '0.0.0.0' || host === '::' || host === '[::]') return '127.0.0.1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Refuses early, in Dutch, when something already listens on the bot's port (a bot from `npm start`, say). */
async function assertPortFree(port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(
          new PlaygroundError(
            `Poort ${port} is al in gebruik (draait er nog een bot, bijvoorbeeld via npm start of npm run dev?).\n` +
              `Stop dat proces, of start op een andere poort: PORT=${port === 3978 ? 3979 : port + 1} npm run playground`,
          ),
        );
      } else if (err.code === 'EACCES') {
        reject(new PlaygroundError(`Geen toestemming om poort ${port} te gebruiken; kies een poort boven 1024, bijvoorbeeld PORT=3979.`));
      } else {
        reject(new PlaygroundError(`Kan poort ${port} op ${host} niet controleren: ${err.message}`));
      }
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

const children = new Set<ChildProcess>();
let stopping = false;

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Stops every child still running (SIGTERM, then SIGKILL after a while) and exits with `code`. */
async function stopAll(code: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<never> {
  stopping = true;
  const running = [...children].filter((c) => c.exitCode === null && c.signalCode === null);
  for (const child of running) child.kill(signal);
  const force = setTimeout(() => {
    for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }, STOP_TIMEOUT_MS);
  force.unref();
  await Promise.all(running.map(exited));
  clearTimeout(force);
  process.exit(code);
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signaal ${signal}` : `code ${code ?? '?'}`;
}

async function waitForBot(bot: ChildProcess, healthUrl: string): Promise<void> {
  const deadline = Date.now() + BOT_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (bot.exitCode !== null || bot.signalCode !== null) {
      throw new PlaygroundError(
        `De bot is gestopt voordat hij klaar was (${describeExit(bot.exitCode, bot.signalCode)}); zie de meldingen hierboven.\n` +
          'Vaak is de poort bezet of een omgevingsvariabele ongeldig (zie .env.example).',
      );
    }
    try {
      const res = await fetch(healthUrl, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new PlaygroundError(`De bot antwoordt na ${BOT_READY_TIMEOUT_MS / 1000} seconden nog niet op ${healthUrl}.`);
}

function logTail(logFile: string, lines = 15): string {
  try {
    const text = readFileSync(logFile, 'utf8').trimEnd();
    return text ? `\nLaatste regels uit ${relative(ROOT, logFile) || logFile}:\n${text.split('\n').slice(-lines).join('\n')}` : '';
  } catch {
    return '';
  }
}

/** Waits for the playground's "Listening on <port>" line: it prints it on stdout when that is not a terminal. */
function waitForPlayground(playground: ChildProcess, logFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(new PlaygroundError(`De Agents Playground kon niet starten: ${why}.${logTail(logFile)}`));
    };
    const timer = setTimeout(() => fail(`geen antwoord binnen ${PLAYGROUND_READY_TIMEOUT_MS / 1000} seconden`), PLAYGROUND_READY_TIMEOUT_MS);
    playground.stdout?.setEncoding('utf8');
    playground.stdout?.on('data', (chunk: string) => {
      out += chunk;
      const match = /Listening on (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        out = '';
        resolve(Number(match[1]));
      }
    });
    playground.once('error', (err) => fail(err.message));
    playground.once('exit', (code, signal) => fail(`het proces stopte (${describeExit(code, signal)})`));
  });
}

/**
 * The playground announces its port before it mounts its backend, and exits when that fails (a broken
 * .m365agentsplayground.yml, say): give it a moment, then check that it still runs and serves its page.
 */
async function assertServing(playground: ChildProcess, uiPort: number, logFile: string): Promise<void> {
  await new Promise((r) => setTimeout(r, 1_500));
  const stopped = (): boolean => playground.exitCode !== null || playground.signalCode !== null;
  let ok = false;
  if (!stopped()) {
    try {
      ok = (await fetch(`http://127.0.0.1:${uiPort}/`, { signal: AbortSignal.timeout(5_000) })).ok;
    } catch {
      ok = false;
    }
  }
  if (stopped() || !ok) {
    const why = stopped() ? `het proces stopte (${describeExit(playground.exitCode, playground.signalCode)})` : `http://localhost:${uiPort} antwoordt niet`;
    throw new PlaygroundError(`De Agents Playground kon niet starten: ${why}.${logTail(logFile)}`);
  }
}

/** Opening a browser needs a desktop; without one (SSH, container, CI) the playground would only print errors. */
function canOpenBrowser(env: NodeJS.ProcessEnv): boolean {
  if (env.CI) return false;
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return false;
  return true;
}

async function main(): Promise<void> {
  const cli = playgroundCli();
  const port = portFromEnv('PORT', 3978);
  const wantedUiPort = portFromEnv('TEAMSAPPTESTER_PORT', 56150);
  // Loopback unless told otherwise: in local anonymous mode the bot accepts any request, so keep it off the network.
  const host = process.env.HOST?.trim() || '127.0.0.1';
  await assertPortFree(port, host);

  const botBase = `http://${connectHost(host)}:${port}`;
  const endpoint = `${botBase}/api/messages`;

  const botEnv: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: host, LOG_LEVEL: process.env.LOG_LEVEL || 'warn' };
  if (botEnv.MicrosoftAppId?.trim()) {
    // The playground sends no Bot Framework token; with an app id the bot would answer every request with 401.
    console.warn('Let op: MicrosoftAppId wordt voor de playground genegeerd; de bot draait in lokale anonieme modus.');
    botEnv.MicrosoftAppId = '';
    botEnv.MicrosoftAppPassword = '';
  }

  console.log(`Adviesbot starten op ${endpoint} ...`);
  const bot = spawn(process.execPath, [TSX_CLI, 'src/server.ts'], { cwd: ROOT, env: botEnv, stdio: 'inherit' });
  children.add(bot);
  bot.once('error', (err) => {
    console.error(`Kan de bot niet starten: ${err.message}`);
    void stopAll(1);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      console.log('\nStoppen ...');
      void stopAll(0, signal);
    });
  }

  await waitForBot(bot, `${botBase}/healthz`);
  bot.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`De bot is gestopt (${describeExit(code, signal)}); de playground wordt ook gestopt.`);
    void stopAll(code || 1);
  });

  const logFile = process.env.M365_AGENTS_PLAYGROUND_LOGFILE || process.env.TEAMSAPPTESTER_LOGFILE || join(ROOT, 'build', 'm365agentsplayground.log');
  mkdirSync(dirname(logFile), { recursive: true });
  const playgroundEnv: NodeJS.ProcessEnv = {
    ...process.env,
    BOT_ENDPOINT: endpoint,
    DEFAULT_CHANNEL_ID: 'msteams',
    M365_AGENTS_PLAYGROUND_LOGFILE: logFile,
  };
  if (!playgroundEnv.TEAMSAPPTESTER_BROWSER && !canOpenBrowser(playgroundEnv)) playgroundEnv.TEAMSAPPTESTER_BROWSER = 'none';

  // --disable-telemetry: works offline and sends nothing to Microsoft. stdout is a pipe, so the playground writes
  // its own log to logFile only (the browser's Log Panel shows the same) and announces its port on stdout.
  const args = [cli, '--app-endpoint', endpoint, '--channel-id', 'msteams', '--disable-telemetry'];
  const playground = spawn(process.execPath, args, { cwd: ROOT, env: playgroundEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(playground);
  // Its own messages go to logFile; stderr only carries what Node itself prints (warnings, a crash before logging).
  playground.stderr?.setEncoding('utf8');
  playground.stderr?.on('data', (chunk: string) => {
    if (!stopping) process.stderr.write(chunk);
  });

  const uiPort = await waitForPlayground(playground, logFile);
  playground.stdout?.resume();
  await assertServing(playground, uiPort, logFile);
  const url = `http://localhost:${uiPort}`;

  console.log('');
  console.log(`  Adviesbot:   ${endpoint} (lokale anonieme modus, kanaal msteams)`);
  console.log(`  Playground:  open ${url} in je browser`);
  if (uiPort !== wantedUiPort) console.log(`               (poort ${wantedUiPort} was bezet; de playground koos ${uiPort})`);
  console.log(`  Logboek:     ${relative(ROOT, logFile) || logFile}`);
  console.log('  Stoppen:     Ctrl-C');
  console.log('');

  playground.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`De Agents Playground is gestopt (${describeExit(code, signal)}); de bot wordt ook gestopt.${logTail(logFile)}`);
    void stopAll(code || 1);
  });
}

main().catch((error: unknown) => {
  if (stopping) return;
  console.error(error instanceof PlaygroundError ? error.message : error);
  void stopAll(1);
});
