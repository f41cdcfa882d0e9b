// Kept for the code that imports it from its old place (src/server.ts); see src/domain/answering/spelling.ts.
export { isDutchWord, warmUpSpelling } from '../answering/spelling.js';
