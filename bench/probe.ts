// Preloaded into a bot process started by a benchmark (`--import ./bench/probe.ts`): answers the benchmark over the
// IPC channel, so that what it measures is the bot process alone, never the load generator.
//   { probe: 'memory', gc? }       -> { probe: 'memory', rss, heapTotal, heapUsed, external, arrayBuffers } in bytes, after a full GC (unless gc: false)
//   { probe: 'snapshot', path }    -> { probe: 'snapshot', path } after writing a V8 heap snapshot there
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';

type Request = { probe: 'memory'; gc?: boolean } | { probe: 'snapshot'; path: string };

if (process.send) {
  process.on('message', (message: Request) => {
    if (message.probe !== 'memory' || message.gc !== false) globalThis.gc?.();
    if (message.probe === 'memory') {
      const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
      const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]));
      process.send!({ probe: 'memory', rss, heapTotal, heapUsed, external, arrayBuffers, spaces });
    } else if (message.probe === 'snapshot') {
      process.send!({ probe: 'snapshot', path: writeHeapSnapshot(message.path) });
    }
  });
  // The IPC channel must not keep a bot alive that would otherwise stop.
  process.channel?.unref();
}
