import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import AdmZip from 'adm-zip';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PackageError,
  bundledSchemaPath,
  fillTemplate,
  packageApp,
  packageSettings,
  parseDotEnv,
  remainingPlaceholders,
  validateManifest,
} from '../../scripts/package-app.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const MANIFEST_DIR = join(ROOT, 'manifest');
const TEMPLATE_TEXT = readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8');

const BOT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const HOSTNAME = 'adviesbot.example.nl';
const SAMPLE = { BOT_ID, AAD_APP_ID: BOT_ID, HOSTNAME };

type Json = Record<string, unknown>;
interface Command { title: string; description: string }
interface CommandList { scopes: string[]; commands: Command[] }
interface Bot { botId: string; scopes: string[]; supportsFiles: boolean; isNotificationOnly: boolean; commandLists: CommandList[] }

const template = (): Json => JSON.parse(TEMPLATE_TEXT) as Json;
const filled = (): Json => fillTemplate(template(), SAMPLE);
const bot = (m: Json): Bot => (m.bots as Bot[])[0]!;

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'adviesbot-manifest-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

// A small PNG reader of our own (IHDR from the bytes, IDAT inflated with node's zlib), independent of the
// encoder in scripts/make-icons.ts.
interface Png { width: number; height: number; colourType: number; bitDepth: number; pixels: Uint8Array }
function readPng(bytes: Buffer): Png {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(bytes.toString('ascii', 12, 16)).toBe('IHDR');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const bitDepth = bytes[24]!;
  const colourType = bytes[25]!;
  const interlace = bytes[28]!;
  const idat: Buffer[] = [];
  for (let offset = 8; offset < bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('ascii', offset + 4, offset + 8);
    if (type === 'IDAT') idat.push(bytes.subarray(offset + 8, offset + 8 + length));
    if (type === 'IEND') break;
    offset += 12 + length;
  }
  const pixels = new Uint8Array(width * height * 4);
  if (bitDepth !== 8 || colourType !== 6 || interlace !== 0) return { width, height, colourType, bitDepth, pixels };
  const stride = width * 4;
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= 4 ? pixels[y * stride + x - 4]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      if (predictor === undefined) throw new Error(`filter ${filter}`);
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  return { width, height, colourType, bitDepth, pixels };
}

describe('manifest template', () => {
  it('uses exactly the placeholders BOT_ID, HOSTNAME and AAD_APP_ID', () => {
    const names = new Set([...TEMPLATE_TEXT.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]));
    expect([...names].sort()).toEqual(['AAD_APP_ID', 'BOT_ID', 'HOSTNAME']);
    const m = template();
    expect(m.id).toBe('{{BOT_ID}}');
    expect(bot(m).botId).toBe('{{BOT_ID}}');
    expect(m.webApplicationInfo).toEqual({ id: '{{AAD_APP_ID}}', resource: 'api://{{HOSTNAME}}/{{AAD_APP_ID}}' });
  });

  it('is on a released (not devPreview) schema version bundled with @microsoft/app-manifest', () => {
    const m = template();
    expect(m.manifestVersion).toMatch(/^1\.\d+$/);
    expect(m.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${String(m.manifestVersion)}/MicrosoftTeams.schema.json`);
    expect(existsSync(bundledSchemaPath(String(m.$schema)))).toBe(true);
  });

  it('leaves no placeholder once filled in', () => {
    const m = filled();
    expect(remainingPlaceholders(m)).toEqual([]);
    expect(JSON.stringify(m)).not.toMatch(/\{\{[^"]*\}\}/);
    expect(m.id).toBe(BOT_ID);
    expect(m.validDomains).toEqual([HOSTNAME]);
  });

  it('refuses to fill a template when a placeholder has no value', () => {
    expect(() => fillTemplate({ a: '{{BOT_ID}}', b: ['x {{ONBEKEND}}'] }, SAMPLE)).toThrow(/\{\{ONBEKEND\}\}/);
    expect(() => fillTemplate(template(), { BOT_ID, HOSTNAME })).toThrow(PackageError);
  });
});

describe('manifest validation (offline, bundled schema)', () => {
  it('accepts the filled manifest without errors', async () => {
    expect(await validateManifest(filled())).toEqual([]);
  });

  it('reports an error for a bad bot id', async () => {
    const m = filled();
    bot(m).botId = 'geen-guid';
    const errors = await validateManifest(m);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(/\/bots\/0\/botId/);
  });

  it('reports errors for other broken fields', async () => {
    const m = filled();
    delete m.accentColor;
    (m.name as Json).short = 'Adviesbot voor adviesraden sociaal domein';
    const errors = (await validateManifest(m)).join('\n');
    expect(errors).toMatch(/accentColor/);
    expect(errors).toMatch(/\/name\/short/);
  });
});

describe('manifest content', () => {
  const m = filled();

  it('names and describes the app in Dutch', () => {
    expect(m.name).toEqual({ short: 'Adviesbot', full: 'Adviesbot voor adviesraden sociaal domein' });
    const description = m.description as { short: string; full: string };
    expect(description.short.length).toBeLessThanOrEqual(80);
    expect(description.full.length).toBeLessThanOrEqual(4000);
    expect(description.short).toMatch(/DVO 2026-2027/);
    for (const word of ['DVO 2026-2027', 'bron', 'deadlines', 'herinneringen', 'reacties', 'stemmen', 'deeladvies']) {
      expect(description.full).toContain(word);
    }
    expect(m.localizationInfo).toEqual({ defaultLanguageTag: 'nl-nl' });
    expect(m.accentColor).toBe('#6264A7');
    expect(m.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
  });

  it('has developer pages on the public host', () => {
    const developer = m.developer as Record<string, string>;
    expect(developer.name).toBe('Adviesbot-team');
    for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) {
      expect(developer[key]).toMatch(new RegExp(`^https://${HOSTNAME.replace(/\./g, '\\.')}/`));
    }
  });

  it('declares one conversational bot in personal, team and group chat', () => {
    expect(m.bots).toHaveLength(1);
    const b = bot(m);
    expect(b.botId).toBe(BOT_ID);
    expect([...b.scopes].sort()).toEqual(['groupChat', 'personal', 'team']);
    // Organisers send documents (PDF, Word) in a personal chat: Teams then offers the file with a download link.
    expect(b.supportsFiles).toBe(true);
    expect(b.isNotificationOnly).toBe(false);
  });

  it('lists the Dutch commands for every scope, within Teams length limits', () => {
    const lists = bot(m).commandLists;
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of lists) {
      expect(list.scopes).toHaveLength(1);
      const titles = list.commands.map((c) => c.title);
      const common = ['help', 'deadlines', 'nieuwe deadline', 'deeladvies', 'reacties', 'export', 'agenda-link'];
      // Documents are sent in a personal chat, so "documenten" is listed there.
      expect(titles).toEqual(list.scopes[0] === 'personal' ? [...common, 'documenten'] : common);
      for (const command of list.commands) {
        expect(command.title.length, command.title).toBeLessThanOrEqual(32);
        expect(command.description.length, command.title).toBeGreaterThan(0);
        expect(command.description.length, command.title).toBeLessThanOrEqual(128);
        expect(command.description, command.title).not.toMatch(/\b(the|your|show|add|list)\b/i);
        expect(command.description, command.title).toMatch(/\b(de|een|het|je|op|van|en)\b/);
      }
      const byTitle = new Map(list.commands.map((c) => [c.title, c.description]));
      expect(byTitle.get('help')).toMatch(/^Wat kan Adviesbot\?/);
      expect(byTitle.get('reacties')).toContain('reacties 1.2');
      expect(byTitle.get('export')).toContain('export 1.2');
    }
  });

  it('asks resource-specific consent to read every message in a channel or chat', () => {
    const authorization = m.authorization as { permissions: { resourceSpecific: { name: string; type: string }[] } };
    expect(authorization.permissions.resourceSpecific).toEqual([
      { name: 'ChannelMessage.Read.Group', type: 'Application' },
      { name: 'ChatMessage.Read.Chat', type: 'Application' },
    ]);
  });

  it('has the personal Adviesdossier tab and a configurable tab for teams and group chats', () => {
    expect(m.staticTabs).toEqual([
      expect.objectContaining({ entityId: 'adviesdossier', name: 'Adviesdossier', contentUrl: `https://${HOSTNAME}/tab/adviesdossier`, scopes: ['personal'] }),
    ]);
    expect(m.configurableTabs).toEqual([{ configurationUrl: `https://${HOSTNAME}/tab/config`, canUpdateConfiguration: true, scopes: ['team', 'groupChat'] }]);
  });

  it('sets up SSO and the valid domain', () => {
    expect(m.webApplicationInfo).toEqual({ id: BOT_ID, resource: `api://${HOSTNAME}/${BOT_ID}` });
    expect(m.validDomains).toEqual([HOSTNAME]);
  });
});

describe('package settings', () => {
  it('takes the bot id and the host name from the environment', () => {
    expect(packageSettings({ MicrosoftAppId: BOT_ID, PUBLIC_URL: `https://${HOSTNAME}/` })).toEqual(SAMPLE);
    const other = '00000000-1111-2222-3333-444444444444';
    expect(packageSettings({ MicrosoftAppId: BOT_ID, AAD_APP_ID: other, PUBLIC_URL: `https://${HOSTNAME}` }).AAD_APP_ID).toBe(other);
  });

  it('refuses in Dutch when MicrosoftAppId or PUBLIC_URL is missing, or PUBLIC_URL is not https', () => {
    expect(() => packageSettings({ PUBLIC_URL: `https://${HOSTNAME}` })).toThrow(/MicrosoftAppId ontbreekt/);
    expect(() => packageSettings({ MicrosoftAppId: BOT_ID })).toThrow(/PUBLIC_URL ontbreekt/);
    expect(() => packageSettings({ MicrosoftAppId: BOT_ID, PUBLIC_URL: '' })).toThrow(/PUBLIC_URL ontbreekt/);
    expect(() => packageSettings({ MicrosoftAppId: BOT_ID, PUBLIC_URL: `http://${HOSTNAME}` })).toThrow(/PUBLIC_URL moet een https-adres zijn/);
    expect(() => packageSettings({ MicrosoftAppId: BOT_ID, PUBLIC_URL: 'geen url' })).toThrow(/geen geldige URL/);
    expect(() => packageSettings({ MicrosoftAppId: BOT_ID, PUBLIC_URL: `https://${HOSTNAME}/bot` })).toThrow(/zonder pad/);
    expect(() => packageSettings({ MicrosoftAppId: 'abc', PUBLIC_URL: `https://${HOSTNAME}` })).toThrow(/GUID/);
    expect(() => packageSettings({})).toThrow(/MicrosoftAppId ontbreekt[\s\S]*PUBLIC_URL ontbreekt/);
  });

  it('parses a simple .env file', () => {
    expect(parseDotEnv('# opmerking\nMicrosoftAppId=abc\n\nexport PUBLIC_URL="https://x.nl"\nLEEG=\nB = \'c d\'\nC=e # uitleg\nzomaar tekst\n')).toEqual({
      MicrosoftAppId: 'abc',
      PUBLIC_URL: 'https://x.nl',
      LEEG: '',
      B: 'c d',
      C: 'e',
    });
  });
});

describe('packageApp', () => {
  it('writes a zip with manifest.json, color.png and outline.png at the root', async () => {
    const outPath = join(tempDir(), 'sub', 'appPackage.zip');
    const result = await packageApp({ env: { MicrosoftAppId: BOT_ID, PUBLIC_URL: `https://${HOSTNAME}` }, outPath });
    expect(result.zipPath).toBe(outPath);
    expect(result.manifestVersion).toBe(template().manifestVersion);

    const zip = new AdmZip(outPath);
    const names = zip.getEntries().map((e) => e.entryName).sort();
    expect(names).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const manifest = JSON.parse(zip.readAsText('manifest.json')) as Json;
    expect(manifest).toEqual(filled());
    expect(JSON.stringify(manifest)).not.toContain('{{');
    expect(await validateManifest(manifest)).toEqual([]);

    const color = readPng(zip.readFile('color.png')!);
    expect([color.width, color.height]).toEqual([192, 192]);
    expect(color.colourType).toBe(6);
    const colours = new Set<string>();
    for (let i = 0; i < color.pixels.length; i += 4) colours.add(Buffer.from(color.pixels.subarray(i, i + 3)).toString('hex'));
    expect(colours.has('6264a7')).toBe(true); // full colour, in the accent colour
    expect(colours.size).toBeGreaterThan(3);

    const outline = readPng(zip.readFile('outline.png')!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(outline.colourType).toBe(6);
    expect(outline.bitDepth).toBe(8);
    let visible = 0;
    let transparent = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const [r, g, b, a] = outline.pixels.subarray(i, i + 4);
      if (a === 0) transparent++;
      else {
        visible++;
        expect([r, g, b], `pixel ${i / 4}`).toEqual([255, 255, 255]);
      }
    }
    expect(outline.pixels[3]).toBe(0); // corner: transparent background
    expect(visible).toBeGreaterThan(50);
    expect(transparent).toBeGreaterThan(300);
  });

  it('writes nothing and explains why when the settings are missing', async () => {
    const outPath = join(tempDir(), 'appPackage.zip');
    await expect(packageApp({ env: { PUBLIC_URL: 'http://localhost:3978' }, outPath })).rejects.toThrow(/MicrosoftAppId ontbreekt[\s\S]*https/);
    expect(existsSync(outPath)).toBe(false);
  });
});
