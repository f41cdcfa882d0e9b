import { z } from 'zod';

// Validation messages in Dutch: organisers read them when a knowledge file is broken.
z.config(z.locales.nl());

/** Municipalities and the region, as entries name them. */
export const MUNICIPALITIES = [
  'Wijchen',
  'Heumen',
  'Druten',
  'Nijmegen',
  'Berg en Dal',
  'Beuningen',
  'Mook en Middelaar',
  'Regio',
] as const;

export const EVENT_KINDS = [
  'advies',
  'zienswijze',
  'wensen en bedenkingen',
  'reactie',
  'besluit',
  'vergadering',
  'ontvangst',
  'evaluatie',
] as const;

export const DATE_PRECISIONS = ['day', 'month', 'quarter', 'year'] as const;
export const EVENT_STATUSES = ['afgerond', 'gepland', 'open', 'onbekend'] as const;

const kebabId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'moet kebab-case zijn (a-z, 0-9 en streepjes)');

/** A date written as YYYY, YYYY-MM, YYYY-Qn or YYYY-MM-DD, checked against its precision. */
export const partialDate = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z.string().regex(/^\d{4}(?:-(?:Q[1-4]|\d{2})(?:-\d{2})?)?$/, 'moet YYYY, YYYY-MM, YYYY-Qn of YYYY-MM-DD zijn'),
);

const documentSchema = z
  .object({
    id: z.string().min(1),
    title: z.string().min(5),
    /** Who wrote it, for example "Adviesorgaan Sociaal Domein Wijchen". */
    author: z.string().min(2),
    date: partialDate,
    /** Short note on how the date is known when the document itself is undated. */
    dateNote: z.string().optional(),
    municipality: z.enum(MUNICIPALITIES).optional(),
    url: z.url().optional(),
    /** True for the extracted seed documents whose quotes are checked verbatim. */
    verbatim: z.boolean().default(false),
  })
  .strict();

export const documentsFileSchema = z.object({ documents: z.array(documentSchema).min(1) }).strict();

const sourceSchema = z
  .object({
    doc: z.string().min(1),
    quote: z.string().min(8).max(600).optional(),
  })
  .strict();

export const eventSchema = z
  .object({
    body: z.string().min(2),
    kind: z.enum(EVENT_KINDS),
    subject: z.string().min(3),
    date: partialDate,
    precision: z.enum(DATE_PRECISIONS),
    /** True when the date is a due date ("uiterlijk", "voor"), false when something happened or is planned then. */
    deadline: z.boolean().default(false),
    status: z.enum(EVENT_STATUSES),
  })
  .strict()
  .superRefine((event, ctx) => {
    const shape: Record<(typeof DATE_PRECISIONS)[number], RegExp> = {
      day: /^\d{4}-\d{2}-\d{2}$/,
      month: /^\d{4}-\d{2}$/,
      quarter: /^\d{4}-Q[1-4]$/,
      year: /^\d{4}$/,
    };
    if (!shape[event.precision].test(event.date)) {
      ctx.addIssue({
        code: 'custom',
        path: ['date'],
        message: `past niet bij precisie "${event.precision}"`,
      });
      return;
    }
    if (event.precision === 'day' || event.precision === 'month') {
      const [y, m, d = '01'] = event.date.split('-');
      const probe = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
      if (probe.getUTCMonth() !== Number(m) - 1 || probe.getUTCDate() !== Number(d)) {
        ctx.addIssue({ code: 'custom', path: ['date'], message: 'is geen bestaande datum' });
      }
    }
  });

export const entrySchema = z
  .object({
    id: kebabId,
    /** Short title, shown on the card and as the text of a "related question" button. */
    title: z.string().min(3).max(90),
    topics: z.array(z.string().min(2)).min(1),
    municipality: z.enum(MUNICIPALITIES).optional(),
    /** The body (council, college, raad, DB MGR) the entry is about. */
    body: z.string().min(2).optional(),
    questions: z.array(z.string().min(6)).min(2),
    answer: z.string().min(20).max(1200),
    sources: z.array(sourceSchema).min(1),
    event: eventSchema.optional(),
    related: z.array(kebabId).max(6).default([]),
  })
  .strict();

export const knowledgeFileSchema = z.object({ entries: z.array(entrySchema).min(1) }).strict();

/** Words that mean the same for retrieval: each group's terms are interchangeable. */
export const lexiconFileSchema = z
  .object({
    synonyms: z.array(z.array(z.string().min(1)).min(2)),
    /** Word forms the stemmer does not join, mapped to one form: "adviezen: advies". */
    forms: z.record(z.string(), z.string()).default({}),
    stopwords: z.array(z.string()).default([]),
    /** Proper names (places, bodies) that are often misspelled: "wijgen", "nijmgen" are read as the name. */
    names: z.array(z.string().min(3)).default([]),
    /**
     * Things that happen in the process ("vastgesteld", "reactie", "ondertekenen"), each the first word of a synonym
     * group: a question that asks whether or how one happened is answered only by an entry that names it too.
     */
    actions: z.array(z.string().min(3)).default([]),
  })
  .strict();

export type KnowledgeDocument = z.infer<typeof documentSchema>;
export type KnowledgeEntry = z.infer<typeof entrySchema>;
export type KnowledgeEvent = z.infer<typeof eventSchema>;
export type Lexicon = z.infer<typeof lexiconFileSchema>;
