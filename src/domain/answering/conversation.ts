import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseYamlCached } from '../knowledge/yaml-cache.js';
import { words, type Analyzer } from './normalize.js';

/**
 * Messages that are no question (knowledge/nl/conversation.yaml): greetings, thanks and goodbyes get a short friendly
 * reply; a bare number, a single stop word or a single letter is not searched, the bot asks what is meant.
 */
const phrase = z.string().regex(/^[a-z0-9 ]+$/, 'kleine letters zonder accenten');
const conversationSchema = z
  .object({
    acts: z.array(z.object({ act: z.enum(['thanks', 'goodbye', 'greeting']), phrases: z.array(phrase).min(1), reply: z.string().min(5) }).strict()).min(1),
    address: z.array(phrase),
    unclear: z.string().includes('{text}'),
  })
  .strict();

const data = (() => {
  const result = conversationSchema.safeParse(parseYamlCached(readFileSync(new URL('../../../knowledge/nl/conversation.yaml', import.meta.url), 'utf8')));
  if (!result.success) throw new Error(`knowledge/nl/conversation.yaml is ongeldig: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return result.data;
})();

export type ConversationAct = 'thanks' | 'goodbye' | 'greeting' | 'unclear';

export interface Conversation {
  act: ConversationAct;
  text: string;
}

const ADDRESS = new Set(data.address.flatMap((w) => words(w)));
/** Every phrase with its act, longest first, so "dank je wel" is taken before "dank". */
const PHRASES = data.acts
  .flatMap(({ act, phrases }) => phrases.map((p) => ({ act, words: words(p) })))
  .sort((a, b) => b.words.length - a.words.length);

/** The small talk a message is, or undefined when it is (or may be) a question. */
export function conversationOf(message: string, analyzer: Analyzer): Conversation | undefined {
  const tokens = words(message);
  if (tokens.length === 0) return unclear(message);
  // A bare number, one letter or one stop word ("5", "x", "wat") is no question to search.
  if (tokens.length === 1) {
    const [token] = tokens as [string];
    if (/^\d/.test(token) || token.length === 1 || (analyzer.isStopword(token) && !PHRASES.some((p) => p.words.length === 1 && p.words[0] === token))) {
      return unclear(message);
    }
  }
  const found = new Set<ConversationAct>();
  let rest = [...tokens];
  for (const p of PHRASES) {
    for (let i = 0; i + p.words.length <= rest.length; i++) {
      if (p.words.every((w, j) => rest[i + j] === w)) {
        found.add(p.act);
        rest = [...rest.slice(0, i), ...rest.slice(i + p.words.length)];
        i--;
      }
    }
  }
  if (found.size === 0 || !rest.every((w) => ADDRESS.has(w))) return undefined;
  const act = data.acts.find((a) => found.has(a.act))!;
  return { act: act.act, text: act.reply };
}

function unclear(message: string): Conversation {
  const shown = message.replace(/\s+/g, ' ').trim().slice(0, 40);
  return { act: 'unclear', text: data.unclear.replace('{text}', shown) };
}
