import { randomBytes } from 'node:crypto';
import type { DraftStore } from '../domain/drafts/draft-store.js';
import { draftDocx } from '../domain/drafts/export-docx.js';
import { draftCsv, draftMarkdown } from '../domain/drafts/export.js';
import type { KeyValueStore } from '../domain/storage-port.js';

const PREFIX = 'export/';
const TOKEN = /^[A-Za-z0-9_-]{32}$/;
export const EXPORT_TTL_MS = 24 * 60 * 60_000;

export interface ExportFile {
  filename: string;
  contentType: string;
  body: Buffer;
}

/**
 * Download links for a draft's export (Markdown, CSV, Word). A link holds a random 32-character token that is
 * only shown in the team or chat of the draft, and it expires after 24 hours; the files are built fresh at
 * download, so they always hold the latest comments and votes.
 */
export class ExportLinks {
  constructor(
    private readonly store: KeyValueStore,
    private readonly drafts: DraftStore,
    private readonly publicUrl: string,
    private readonly now: () => Date,
    private readonly members: (draftId: string) => Promise<number | undefined>,
  ) {}

  async create(draftId: string, number: string): Promise<Array<{ label: string; url: string }>> {
    const token = randomBytes(24).toString('base64url');
    await this.store.write({ [PREFIX + token]: { draftId, expiresAt: new Date(this.now().getTime() + EXPORT_TTL_MS).toISOString(), eTag: '*' } });
    const base = `${this.publicUrl.replace(/\/$/, '')}/export/${token}/deeladvies-${number.replace(/[^0-9a-z.]/gi, '')}`;
    return [
      { label: 'Word (.docx)', url: `${base}.docx` },
      { label: 'Markdown (.md)', url: `${base}.md` },
      { label: 'CSV (.csv)', url: `${base}.csv` },
    ];
  }

  async file(token: string, name: string): Promise<ExportFile | undefined> {
    if (!TOKEN.test(token)) return undefined;
    const link = (await this.store.read([PREFIX + token]))[PREFIX + token] as { draftId: string; expiresAt: string } | undefined;
    if (!link || new Date(link.expiresAt).getTime() < this.now().getTime()) return undefined;
    const draft = await this.drafts.get(link.draftId);
    if (!draft) return undefined;
    const members = await this.members(draft.id).catch(() => undefined);
    const record = {
      draft,
      tally: await this.drafts.tally(draft),
      comments: await this.drafts.comments(draft.id),
      exportedAt: this.now(),
      ...(members ? { members } : {}),
    };
    const stem = `deeladvies-${draft.number}`;
    if (name.endsWith('.md')) return { filename: `${stem}.md`, contentType: 'text/markdown; charset=utf-8', body: Buffer.from(draftMarkdown(record)) };
    if (name.endsWith('.csv')) return { filename: `${stem}.csv`, contentType: 'text/csv; charset=utf-8', body: Buffer.from(draftCsv(record)) };
    if (name.endsWith('.docx')) {
      return { filename: `${stem}.docx`, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', body: await draftDocx(record) };
    }
    return undefined;
  }
}
