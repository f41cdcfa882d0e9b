/**
 * Adaptive Card templates compiled once into functions. adaptivecards-templating evaluates each `${...}` through
 * Adaptive Expressions on every expansion (a memory object, an options object and an expression tree walk per
 * value), which was a good part of a question turn; and loading it takes over a second of the start.
 *
 * `compileTemplate` turns a template into a function for the part of the templating language that cards/ uses:
 * `$data` (repeating over arrays, with `$index`), `$when`, `$root`, property paths, string, number and boolean
 * literals, `count(...)`, `if(..., ..., ...)`, `== != > < >= <=`, `&& || !`, and strings that are one expression
 * (the value keeps its type) or text with expressions in it. A template with anything else is refused when it is
 * compiled. Where the data leaves the well-trodden path, whose outcome adaptivecards-templating decides by quirks of
 * its own (a missing or null field, which it writes back as "${field}"; a comparison of an array; `count` of
 * something that is no list), the expansion is handed to adaptivecards-templating itself, so the output is always
 * the library's. test/cards/card-template.test.ts compares both for every card.
 */

/** The data an expression sees: the current `$data`, `$index` inside a repetition, and `$root`. */
interface Scope {
  data: unknown;
  index: number | undefined;
  root: unknown;
}

type Evaluate = (scope: Scope) => unknown;
type Expand = (scope: Scope) => unknown;

/** Raised inside an expansion when the data needs the library's own rules; the library then expands it. */
class OffPath extends Error {}
const offPath = new OffPath('expanded by adaptivecards-templating');

export class TemplateSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);

/**
 * Compiles a template (parsed JSON) once. `library` expands it with adaptivecards-templating, for data outside the
 * compiled path; it is called only then.
 */
export function compileTemplate(template: unknown, library: (root: unknown) => unknown): (root: unknown) => unknown {
  const expand = compileNode(template);
  return (root) => {
    try {
      return expand({ data: root, index: undefined, root });
    } catch (error) {
      if (error === offPath) return library(root);
      throw error;
    }
  };
}

function compileNode(node: unknown): Expand {
  if (typeof node === 'string') return compileString(node);
  if (Array.isArray(node)) return compileArray(node);
  if (typeof node === 'object' && node !== null) return compileObject(node as Record<string, unknown>);
  return () => node;
}

/** Items that expand to null are left out; an item repeated over an array adds all its copies. */
function compileArray(items: unknown[]): Expand {
  const parts = items.map(compileNode);
  return (scope) => {
    const out: unknown[] = [];
    for (const part of parts) {
      const value = part(scope);
      if (value === null) continue;
      if (Array.isArray(value)) out.push(...(value as unknown[]));
      else out.push(value);
    }
    return out;
  };
}

function compileObject(node: Record<string, unknown>): Expand {
  const when = node.$when;
  const data = node.$data;
  const whenOf = typeof when === 'string' && when.includes('${') ? compileString(when) : undefined;
  if (when !== undefined && !whenOf) {
    // The library drops an object whose $when is no expression; no card does that.
    throw new TemplateSyntaxError(`$when must be an expression: ${JSON.stringify(when)}`);
  }
  if (data !== undefined && !(typeof data === 'string' && data.includes('${'))) {
    // The library would use a literal $data as it is, without expanding it; no card does that.
    throw new TemplateSyntaxError(`$data must be an expression: ${JSON.stringify(data)}`);
  }
  const dataOf = data === undefined ? undefined : compileString(data);
  const fields = Object.keys(node)
    .filter((key) => !RESERVED.has(key))
    .map((key) => [key, compileNode(node[key])] as const);
  const single = (scope: Scope): Record<string, unknown> | null => {
    if (whenOf) {
      const keep = whenOf(scope);
      if (typeof keep !== 'boolean') throw offPath;
      if (!keep) return null;
    }
    const out: Record<string, unknown> = {};
    for (const [key, expand] of fields) {
      const value = expand(scope);
      if (value !== undefined) out[key] = value;
    }
    return out;
  };
  if (!dataOf) return single;
  return (scope) => {
    const context = dataOf(scope);
    if (context === undefined || context === null) throw offPath;
    if (!Array.isArray(context)) return single({ ...scope, data: context });
    const copies: Array<Record<string, unknown>> = [];
    context.forEach((item: unknown, index) => {
      if (item === undefined || item === null) throw offPath;
      const copy = single({ data: item, index, root: scope.root });
      if (copy !== null) copies.push(copy);
    });
    return copies.length === 0 ? null : copies.length === 1 ? copies[0]! : copies;
  };
}

/** A string: as it is, one expression (its value, of its own type), or text with expressions (a string). */
function compileString(text: string): Expand {
  if (!text.includes('${')) return () => text;
  const parts: Array<string | Evaluate> = [];
  let at = 0;
  while (at < text.length) {
    const start = text.indexOf('${', at);
    if (start < 0) {
      parts.push(text.slice(at));
      break;
    }
    if (start > at) parts.push(text.slice(at, start));
    const end = closingBrace(text, start + 2);
    parts.push(parseExpression(text.slice(start + 2, end)));
    at = end + 1;
  }
  for (const part of parts) {
    // The library reads the whole string as an Adaptive Expressions template string, where these mean more.
    if (typeof part === 'string' && /[`\\]/.test(part)) throw new TemplateSyntaxError(`backtick or backslash beside an expression: ${text}`);
  }
  if (parts.length === 1 && typeof parts[0] !== 'string') return parts[0]!;
  return (scope) => {
    let out = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      const value = part(scope);
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw offPath;
      out += String(value);
    }
    return out;
  };
}

function closingBrace(text: string, from: number): number {
  let quote = false;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") quote = !quote;
    else if (!quote && ch === '{') throw new TemplateSyntaxError(`braces inside an expression: ${text}`);
    else if (!quote && ch === '}') return i;
  }
  throw new TemplateSyntaxError(`unclosed expression: ${text}`);
}

type Token = { kind: 'path'; value: string[] } | { kind: 'literal'; value: string | number | boolean } | { kind: 'op'; value: string };

const TOKEN = /\s*(?:(\$?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)|'([^'\\]*)'|(\d+(?:\.\d+)?)|(==|!=|>=|<=|&&|\|\||[><!(),]))/y;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (!m) throw new TemplateSyntaxError(`cannot read "${source}" at ${at}`);
    if (m[1] !== undefined) {
      if (m[1] === 'true' || m[1] === 'false') tokens.push({ kind: 'literal', value: m[1] === 'true' });
      else tokens.push({ kind: 'path', value: m[1].split('.') });
    } else if (m[2] !== undefined) tokens.push({ kind: 'literal', value: m[2] });
    else if (m[3] !== undefined) tokens.push({ kind: 'literal', value: Number(m[3]) });
    else tokens.push({ kind: 'op', value: m[4]! });
  }
  return tokens;
}

const isScalar = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function binary(op: string, left: Evaluate, right: Evaluate): Evaluate {
  switch (op) {
    case '==':
    case '!=':
      return (s) => {
        const a = left(s);
        const b = right(s);
        if (!isScalar(a) || !isScalar(b)) throw offPath;
        return (a === b) === (op === '==');
      };
    case '&&':
    case '||':
      return (s) => {
        const a = left(s);
        const b = right(s);
        if (typeof a !== 'boolean' || typeof b !== 'boolean') throw offPath;
        return op === '&&' ? a && b : a || b;
      };
    default:
      return (s) => {
        const a = left(s);
        const b = right(s);
        if (typeof a !== 'number' || typeof b !== 'number') throw offPath;
        return op === '>' ? a > b : op === '<' ? a < b : op === '>=' ? a >= b : a <= b;
      };
  }
}

/** A path as the library reads it: `$data`, `$index`, `$root`, or a field of the current data, then fields. */
function accessor(path: string[]): Evaluate {
  const [head, ...rest] = path as [string, ...string[]];
  if (head.startsWith('$') && !['$data', '$index', '$root'].includes(head)) throw new TemplateSyntaxError(`unknown ${head}`);
  const fields = head.startsWith('$') ? rest : path;
  return (scope) => {
    let value: unknown = head === '$index' ? scope.index : head === '$root' ? scope.root : scope.data;
    if (head === '$index' && fields.length > 0) throw offPath;
    for (const field of fields) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw offPath;
      value = Object.hasOwn(value, field) ? (value as Record<string, unknown>)[field] : undefined;
    }
    // The library writes a missing field back as "${path}" (or null as null): its own rules decide.
    if (value === undefined || value === null) throw offPath;
    return value;
  };
}

function parseExpression(source: string): Evaluate {
  const tokens = tokenize(source);
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const isOp = (value: string): boolean => peek()?.kind === 'op' && peek()!.value === value;
  const expect = (value: string): void => {
    if (!isOp(value)) throw new TemplateSyntaxError(`expected "${value}" in "${source}"`);
    i++;
  };
  const level = (ops: string[], next: () => Evaluate) => (): Evaluate => {
    let left = next();
    while (peek()?.kind === 'op' && ops.includes(peek()!.value as string)) {
      const op = tokens[i++]!.value as string;
      left = binary(op, left, next());
    }
    return left;
  };
  const primary = (): Evaluate => {
    const token = tokens[i++];
    if (!token) throw new TemplateSyntaxError(`unexpected end of "${source}"`);
    if (token.kind === 'literal') {
      const value = token.value;
      return () => value;
    }
    if (token.kind === 'op') {
      if (token.value === '(') {
        const inner = or();
        expect(')');
        return inner;
      }
      if (token.value === '!') {
        const operand = primary();
        return (s) => {
          const v = operand(s);
          if (typeof v !== 'boolean') throw offPath;
          return !v;
        };
      }
      throw new TemplateSyntaxError(`unexpected "${token.value}" in "${source}"`);
    }
    if (!isOp('(')) return accessor(token.value);
    const name = token.value.join('.');
    i++;
    const args: Evaluate[] = [];
    if (!isOp(')')) {
      args.push(or());
      while (isOp(',')) {
        i++;
        args.push(or());
      }
    }
    expect(')');
    if (name === 'count' && args.length === 1) {
      const [list] = args as [Evaluate];
      return (s) => {
        const v = list(s);
        if (!Array.isArray(v) && typeof v !== 'string') throw offPath;
        return v.length;
      };
    }
    if (name === 'if' && args.length === 3) {
      const [condition, yes, no] = args as [Evaluate, Evaluate, Evaluate];
      return (s) => {
        const c = condition(s);
        if (typeof c !== 'boolean') throw offPath;
        return c ? yes(s) : no(s);
      };
    }
    throw new TemplateSyntaxError(`function ${name} with ${args.length} arguments is not compiled: "${source}"`);
  };
  const comparison = level(['>', '<', '>=', '<='], primary);
  const equality = level(['==', '!='], comparison);
  const and = level(['&&'], equality);
  const or = level(['||'], and);
  const expression = or();
  if (i !== tokens.length) throw new TemplateSyntaxError(`unexpected "${JSON.stringify(tokens[i])}" in "${source}"`);
  return expression;
}
