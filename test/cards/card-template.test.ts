import { readdirSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { CARDS_DIR, cardTemplate, libraryExpansion } from '../../src/bot/cards.js';
import { compileTemplate, TemplateSyntaxError } from '../../src/bot/card-template.js';

/** Every expansion of a compiled template while the samples render: its template, its data, and whether the library did it. */
const expansions = vi.hoisted(() => [] as Array<{ template: unknown; root: unknown; output: unknown; byLibrary: boolean }>);

vi.mock('../../src/bot/card-template.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/bot/card-template.js')>();
  return {
    ...real,
    compileTemplate: (template: unknown, library: (root: unknown) => unknown) => {
      let byLibrary = false;
      const compiled = real.compileTemplate(template, (root) => {
        byLibrary = true;
        return library(root);
      });
      return (root: unknown) => {
        byLibrary = false;
        // A deep copy of the data: an expansion may hand out references into it.
        const data = structuredClone(root);
        const output = compiled(root);
        expansions.push({ template, root: data, output: structuredClone(output), byLibrary });
        return output;
      };
    },
  };
});

const { samples } = await import('../support/card-samples.js');
const names = readdirSync(CARDS_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace('.json', ''));

describe('compiled card templates', () => {
  it('rendered every template in cards/ while drawing the samples', () => {
    expect(Object.keys(samples).length).toBeGreaterThan(20);
    const seen = new Set(expansions.map((e) => JSON.stringify(e.template)));
    expect(names.filter((name) => !seen.has(JSON.stringify(cardTemplate(name))))).toEqual([]);
  });

  it('give exactly what adaptivecards-templating gives, for every card the samples drew, without handing it back', () => {
    expect(expansions.length).toBeGreaterThan(20);
    for (const { template, root, output, byLibrary } of expansions) {
      expect(byLibrary).toBe(false);
      expect(output).toEqual(libraryExpansion(template)(root));
    }
  });

  it.each(names)('%s: gives what the library gives when fields are missing, empty, null or of another type', (name) => {
    const template = cardTemplate(name);
    const compiled = compileTemplate(template, libraryExpansion(template));
    const data = expansions.find((e) => JSON.stringify(e.template) === JSON.stringify(template))!.root as Record<string, unknown>;
    const variants: unknown[] = [{}];
    for (const key of Object.keys(data)) {
      const { [key]: _left, ...without } = data;
      const value = data[key];
      variants.push(without, { ...data, [key]: null });
      if (typeof value === 'string') variants.push({ ...data, [key]: '' }, { ...data, [key]: 7 });
      if (typeof value === 'boolean') variants.push({ ...data, [key]: !value }, { ...data, [key]: 'ja' });
      if (Array.isArray(value)) variants.push({ ...data, [key]: [] }, { ...data, [key]: value.slice(0, 1) }, { ...data, [key]: 'x' });
      if (value && typeof value === 'object' && !Array.isArray(value)) variants.push({ ...data, [key]: {} });
    }
    for (const variant of variants) {
      const expected = (() => {
        try {
          return { ok: libraryExpansion(template)(structuredClone(variant)) };
        } catch (error) {
          return { threw: String(error) };
        }
      })();
      const actual = (() => {
        try {
          return { ok: compiled(structuredClone(variant)) };
        } catch (error) {
          return { threw: String(error) };
        }
      })();
      expect(actual, JSON.stringify(variant).slice(0, 300)).toEqual(expected);
    }
  });

  it('repeats over arrays with $index and $root, and drops what $when rules out', () => {
    const template = {
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', $data: '${items}', $when: '${$index > 0 && show}', text: '${$index}: ${name} (${$root.title})', spacing: "${if($index == 1, 'Small', 'Medium')}" },
        { type: 'TextBlock', $when: '${count(items) == 0}', text: 'Geen' },
        { type: 'TextBlock', text: '${count(items)}', wrap: '${!hidden}' },
      ],
    };
    const data = { title: 'T', hidden: false, items: [{ name: 'a', show: true }, { name: 'b', show: true }, { name: 'c', show: false }] };
    const compiled = compileTemplate(template, () => {
      throw new Error('handed back');
    });
    expect(compiled(data)).toEqual(libraryExpansion(template)(data));
    expect(compiled(data)).toEqual({ type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: '1: b (T)', spacing: 'Small' }, { type: 'TextBlock', text: 3, wrap: true }] });
  });

  it('refuses at compile time what it does not compile', () => {
    const library = (): unknown => undefined;
    expect(() => compileTemplate({ text: "${concat(a, 'b')}" }, library)).toThrow(TemplateSyntaxError);
    expect(() => compileTemplate({ text: '${a + 1}' }, library)).toThrow(TemplateSyntaxError);
    expect(() => compileTemplate({ text: '`${a}`' }, library)).toThrow(TemplateSyntaxError);
    expect(() => compileTemplate({ $data: [1, 2], text: '${a}' }, library)).toThrow(TemplateSyntaxError);
    expect(() => compileTemplate({ text: '${$host.x}' }, library)).toThrow(TemplateSyntaxError);
  });
});
