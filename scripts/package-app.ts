/**
 * Builds the installable Teams app package: build/appPackage.zip with manifest.json, color.png and
 * outline.png at the zip root.
 *
 * manifest/manifest.json is a template with {{BOT_ID}}, {{HOSTNAME}} and {{AAD_APP_ID}}. The values come
 * from the environment (and from .env when present; the real environment wins):
 * - MicrosoftAppId -> BOT_ID, and AAD_APP_ID unless AAD_APP_ID is set separately;
 * - PUBLIC_URL (https) -> HOSTNAME.
 * The filled manifest is validated offline against the schema bundled in @microsoft/app-manifest.
 *
 * Usage: npm run package
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import AdmZip from 'adm-zip';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_MANIFEST_DIR = resolve(ROOT, 'manifest');
export const DEFAULT_OUT_PATH = resolve(ROOT, 'build', 'appPackage.zip');

/** The files in the package, all at the zip root. */
export const PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png'] as const;
export const ICON_SIZES: Readonly<Record<'color.png' | 'outline.png', number>> = { 'color.png': 192, 'outline.png': 32 };

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

export type Env = Record<string, string | undefined>;

/** A refusal with a message meant for the person running the script (Dutch). */
export class PackageError extends Error {
  override name = 'PackageError';
}

export interface PackageSettings {
  BOT_ID: string;
  AAD_APP_ID: string;
  HOSTNAME: string;
}

export interface PackageResult {
  zipPath: string;
  /** The manifest schema version (manifestVersion). */
  manifestVersion: string;
  /** The app version (version). */
  appVersion: string;
  manifest: Record<string, unknown>;
}

/** Minimal .env parser: KEY=VALUE lines, # comments, optional `export `, optional surrounding quotes. */
export function parseDotEnv(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    result[match[1]!] = value;
  }
  return result;
}

/** Reads .env (if present) under the real environment: process.env wins over the file. */
export async function loadEnv(dotEnvPath = resolve(ROOT, '.env'), env: Env = process.env): Promise<Env> {
  const fromFile = existsSync(dotEnvPath) ? parseDotEnv(await readFile(dotEnvPath, 'utf8')) : {};
  return { ...fromFile, ...env };
}

/** Derives the placeholder values from the environment, or refuses with every problem listed in Dutch. */
export function packageSettings(env: Env): PackageSettings {
  const problems: string[] = [];
  const botId = env.MicrosoftAppId?.trim() ?? '';
  const aadAppId = env.AAD_APP_ID?.trim() || botId;
  const publicUrl = env.PUBLIC_URL?.trim() ?? '';

  if (!botId) {
    problems.push('MicrosoftAppId ontbreekt: zet de app-id van de Azure Bot (Entra-app) in .env of in de omgeving, bijvoorbeeld MicrosoftAppId=00000000-0000-0000-0000-000000000000.');
  } else if (!GUID.test(botId)) {
    problems.push(`MicrosoftAppId moet een GUID zijn (zoals 00000000-0000-0000-0000-000000000000), niet "${botId}".`);
  }
  if (botId && aadAppId !== botId && !GUID.test(aadAppId)) {
    problems.push(`AAD_APP_ID moet een GUID zijn (zoals 00000000-0000-0000-0000-000000000000), niet "${aadAppId}".`);
  }

  let hostname = '';
  if (!publicUrl) {
    problems.push('PUBLIC_URL ontbreekt: zet het publieke https-adres van de bot, bijvoorbeeld PUBLIC_URL=https://adviesbot.example.nl.');
  } else {
    let url: URL | undefined;
    try {
      url = new URL(publicUrl);
    } catch {
      problems.push(`PUBLIC_URL is geen geldige URL: "${publicUrl}". Gebruik bijvoorbeeld https://adviesbot.example.nl.`);
    }
    if (url) {
      if (url.protocol !== 'https:') {
        problems.push(`PUBLIC_URL moet een https-adres zijn; Teams laadt alleen https (nu: "${publicUrl}").`);
      } else if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
        problems.push(`PUBLIC_URL mag alleen het adres van de host bevatten, zonder pad, query of inloggegevens (nu: "${publicUrl}").`);
      } else {
        hostname = url.host;
      }
    }
  }

  if (problems.length > 0) {
    throw new PackageError(`Kan het Teams-app-pakket niet maken:\n- ${problems.join('\n- ')}`);
  }
  return { BOT_ID: botId, AAD_APP_ID: aadAppId, HOSTNAME: hostname };
}

/** Every {{NAME}} placeholder still in any string of the value (keys included). */
export function remainingPlaceholders(value: unknown): string[] {
  const found = new Set<string>();
  for (const match of JSON.stringify(value).matchAll(PLACEHOLDER)) found.add(match[0]);
  return [...found];
}

/** Replaces the placeholders in every string of the (parsed) template; fails if any {{...}} remains. */
export function fillTemplate<T>(template: T, values: Readonly<Record<string, string>>): T {
  const fill = (node: unknown): unknown => {
    if (typeof node === 'string') return node.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
    if (Array.isArray(node)) return node.map(fill);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [fill(k) as string, fill(v)]));
    return node;
  };
  const filled = fill(template) as T;
  const left = remainingPlaceholders(filled);
  if (left.length > 0) {
    throw new PackageError(`Niet alle plaatshouders in het manifest zijn ingevuld: ${left.join(', ')}.`);
  }
  return filled;
}

/** Path of the schema file bundled in @microsoft/app-manifest for a Teams manifest's $schema url. */
export function bundledSchemaPath(schemaUrl: string): string {
  const match = /\/json-schemas\/teams\/(v[0-9.]+|vDevPreview)\/MicrosoftTeams\.schema\.json$/.exec(schemaUrl);
  if (!match) throw new PackageError(`$schema van het manifest is geen Teams-manifestschema: "${schemaUrl}".`);
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const file = join(packageDir, 'build', 'json-schemas', 'teams', match[1]!, 'MicrosoftTeams.schema.json');
  if (!existsSync(file)) {
    throw new PackageError(`Het manifestschema ${match[1]} zit niet in @microsoft/app-manifest; kies een schemaversie die het pakket kent.`);
  }
  return file;
}

type ManifestSchema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;

/**
 * Validates a manifest offline against the schema bundled in @microsoft/app-manifest (never fetched from
 * the internet). Returns the validator's error messages; empty means valid.
 */
export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const schemaUrl = manifest.$schema;
  if (typeof schemaUrl !== 'string') return ['/$schema ontbreekt'];
  const schema = JSON.parse(await readFile(bundledSchemaPath(schemaUrl), 'utf8')) as ManifestSchema;
  return AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest, schema);
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const buf = Buffer.from(bytes);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < 24 || !buf.subarray(0, 8).equals(signature) || buf.toString('ascii', 12, 16) !== 'IHDR') {
    throw new PackageError('geen geldig PNG-bestand');
  }
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

export interface PackageOptions {
  env: Env;
  /** Where to write the zip; default build/appPackage.zip. */
  outPath?: string;
  /** Folder with manifest.json (template), color.png and outline.png; default manifest/. */
  manifestDir?: string;
}

export async function packageApp(options: PackageOptions): Promise<PackageResult> {
  const settings = packageSettings(options.env);
  const manifestDir = options.manifestDir ?? DEFAULT_MANIFEST_DIR;
  const outPath = resolve(options.outPath ?? DEFAULT_OUT_PATH);

  const template = JSON.parse(await readFile(join(manifestDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const manifest = fillTemplate(template, { ...settings });

  const errors = await validateManifest(manifest);
  if (errors.length > 0) {
    throw new PackageError(`Het ingevulde manifest is ongeldig volgens het Teams-schema:\n- ${errors.join('\n- ')}`);
  }

  const icons = manifest.icons as { color?: unknown; outline?: unknown } | undefined;
  if (icons?.color !== 'color.png' || icons.outline !== 'outline.png') {
    throw new PackageError('Het manifest moet naar color.png en outline.png verwijzen.');
  }
  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
  for (const [name, size] of Object.entries(ICON_SIZES)) {
    const file = join(manifestDir, name);
    if (!existsSync(file)) throw new PackageError(`${name} ontbreekt in ${manifestDir}; maak de iconen met npm run icons.`);
    const bytes = await readFile(file);
    const actual = pngSize(bytes);
    if (actual.width !== size || actual.height !== size) {
      throw new PackageError(`${name} moet ${size}x${size} pixels zijn, maar is ${actual.width}x${actual.height}.`);
    }
    zip.addFile(name, bytes);
  }

  await mkdir(dirname(outPath), { recursive: true });
  await zip.writeZipPromise(outPath, { overwrite: true });
  return { zipPath: outPath, manifestVersion: String(manifest.manifestVersion), appVersion: String(manifest.version), manifest };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  loadEnv()
    .then((env) => packageApp({ env }))
    .then((result) => {
      console.log(`Teams-app-pakket geschreven: ${relative(process.cwd(), result.zipPath) || result.zipPath}`);
      console.log(`Manifestschema v${result.manifestVersion}, appversie ${result.appVersion}; inhoud: ${PACKAGE_FILES.join(', ')}.`);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    });
}
