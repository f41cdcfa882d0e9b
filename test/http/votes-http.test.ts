import { describe, expect, it } from 'vitest';
import { runVoteBench } from '../../bench/votes.js';

describe('votes through the real HTTP app and the Teams draft channel', () => {
  it('counts 20 simultaneous votes sent to /api/messages and delivers one card with all of them', async () => {
    // runVoteBench throws when a vote is not acknowledged, not counted, or the final card never arrives.
    const result = await runVoteBench(20, 1);
    expect(result.voters).toBe(20);
    expect(result.updates[0]).toBeGreaterThanOrEqual(1);
    expect(result.lastUpdateMs[0]).toBeGreaterThan(0);
  });
});
