import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedActivity {
  path: string;
  authorization?: string;
  activity: Record<string, unknown> & { type?: string; text?: string; attachments?: Array<{ content: Record<string, unknown> }> };
}

/** A local stand-in for the Bot Connector: receives the bot's replies on /v3/conversations/... */
export class FakeConnector {
  readonly received: ReceivedActivity[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (req.method === 'POST' && req.url?.startsWith('/v3/conversations/')) {
          this.received.push({ path: req.url, authorization: req.headers.authorization, activity: JSON.parse(text) });
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: randomUUID() }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

export function messageActivity(serviceUrl: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: 'user-1', name: 'Lid', aadObjectId: 'aad-user-1' },
    recipient: { id: 'bot', name: 'Adviesbot' },
    conversation: { id: 'conv-1', conversationType: 'personal', tenantId: 'tenant-1' },
    text,
    ...extra,
  };
}
