import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(new URL('../fixtures/adaptive-card-1.5.0.json', import.meta.url), 'utf8'));
schema.$id = schema.id;
delete schema.id;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));

/** The official Adaptive Card 1.5 schema (test/fixtures), compiled once for every card test. */
export const validateCard = ajv.compile(schema);
