/**
 * True when a and b differ by at most `max` single-character edits: insertions, deletions, substitutions and
 * swaps of two neighbouring letters ("budegt" for "budget"), the typos people make most (optimal string
 * alignment distance, stopped early once every cell of a row exceeds `max`).
 */
export function editDistanceAtMost(a: string, b: string, max: number): boolean {
  return editDistanceWithin(a, b, max) <= max;
}

/** The edit distance of a and b (as editDistanceAtMost counts it) when it is at most `max`, else max + 1. */
export function editDistanceWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, beforePrevious[j - 2]! + 1);
      current[j] = d;
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return Math.min(previous[b.length]!, max + 1);
}
