import { describe, expect, it } from 'vitest';
import { expandPattern, PATTERN_SPECS, PATTERNS, WORDS, type PatternName } from '../../../src/domain/answering/language.js';

/** Every pattern of knowledge/nl/intents.yaml against its own examples. */
describe('intent patterns (knowledge/nl/intents.yaml)', () => {
  const rows = Object.entries(PATTERN_SPECS).flatMap(([name, spec]) => [
    ...spec.match.map((text) => ({ name, text, matches: true })),
    ...spec.no.map((text) => ({ name, text, matches: false })),
  ]);

  it.each(rows)('$name: "$text" matches: $matches', ({ name, text, matches }) => {
    // A fresh RegExp per example: a pattern with flag g keeps state between calls of test().
    const compiled = PATTERNS[name as PatternName];
    expect(compiled, `${name} is compiled`).toBeDefined();
    expect(new RegExp(compiled.source, compiled.flags.replace('g', '')).test(text)).toBe(matches);
  });

  it('expands a word list as one alternation, and refuses an unknown list', () => {
    expect(expandPattern('^{months}$')).toBe(`^(?:${WORDS.months.join('|')})$`);
    expect(expandPattern('{question_words.before_noun}')).toBe('(?:welke|welk|hoeveel)');
    expect(() => expandPattern('{no_such_list}')).toThrow(/onbekende woordenlijst/);
  });
});

describe('word lists (knowledge/nl/words.yaml)', () => {
  it('defines no word twice within a list', () => {
    for (const [name, value] of Object.entries(WORDS)) {
      const lists: Array<[string, string[]]> = Array.isArray(value)
        ? [[name, value as string[]]]
        : name === 'municipalities'
          ? []
          : Object.entries(value as Record<string, string[]>).map(([part, list]) => [`${name}.${part}`, list]);
      for (const [label, list] of lists) {
        const twice = list.filter((w, i) => list.indexOf(w) !== i);
        expect(twice, label).toEqual([]);
      }
    }
  });
});
