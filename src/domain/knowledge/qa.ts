// Kept for the code that imports answering from its old place; the pipeline is in src/domain/answering/.
export { QuestionAnswerer, DEFAULT_THRESHOLD } from '../answering/pipeline.js';
export { BUTTON_MAX, buttonQuestion } from '../answering/compose.js';
export { confidenceOf } from '../answering/score.js';
export { definedTerm, municipalitiesIn, searchTextOf } from '../answering/understand.js';
export type { ConversationResult, Reply, DatedItem, DateView, QaOptions, QaResult, SourceView, Suggestion, Trace, UpcomingItem } from '../answering/types.js';
