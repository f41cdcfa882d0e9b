// Kept for the code that imports it from its old place; normalization is in src/domain/answering/normalize.ts.
export { Analyzer, fold, words, type AnalyzedQuery } from '../answering/normalize.js';
