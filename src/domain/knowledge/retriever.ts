// Kept for the code that imports it from its old place; retrieval is in src/domain/answering/retrieve.ts.
export { Retriever, type Hit } from '../answering/retrieve.js';
