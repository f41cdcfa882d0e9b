import { describe, expect, it } from 'vitest';
import { QuestionLimit, RecentSet } from '../../../src/domain/limits/recent.js';
import { FakeClock } from '../../support/clock.js';

describe('RecentSet', () => {
  it('keeps at most max keys, and drops the one used longest ago', () => {
    const set = new RecentSet(3);
    for (const key of ['a', 'b', 'c']) set.add(key);
    expect(set.has('a')).toBe(true); // a is used again: b is now the oldest
    set.add('d');
    expect(set.size).toBe(3);
    expect(set.has('b')).toBe(false);
    expect(['a', 'c', 'd'].every((k) => set.has(k))).toBe(true);
  });
});

describe('QuestionLimit', () => {
  it('refuses the question after perMinute in a minute, and allows it again a minute later', () => {
    const clock = new FakeClock('2026-11-23T12:00:00+01:00');
    const limit = new QuestionLimit(3, 100, clock.now);
    const answers = Array.from({ length: 5 }, () => (clock.advance(1000), limit.tooMany('an')));
    expect(answers).toEqual([false, false, false, true, true]);
    expect(limit.tooMany('bo')).toBe(false); // another member is not held up
    clock.advance(61_000);
    expect(limit.tooMany('an')).toBe(false);
  });

  it('keeps at most maxUsers members, the one who asked longest ago going first, and few times per member', () => {
    const clock = new FakeClock('2026-11-23T12:00:00+01:00');
    const limit = new QuestionLimit(2, 1000, clock.now);
    for (let i = 0; i < 5000; i++) {
      clock.advance(10);
      limit.tooMany(`lid-${i}`);
    }
    expect(limit.users).toBe(1000);
    // A member who asks hundreds of times keeps three times, and is still refused.
    for (let i = 0; i < 500; i++) limit.tooMany('veelvrager');
    expect(limit.tooMany('veelvrager')).toBe(true);
    // The most recent members are kept: lid-4999 is still counted, lid-0 starts afresh.
    limit.tooMany('lid-4999');
    expect(limit.tooMany('lid-4999')).toBe(true);
    expect(limit.tooMany('lid-0')).toBe(false);
  });
});
