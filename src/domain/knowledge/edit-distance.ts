// Kept for the code that imports it from its old place; see src/domain/answering/edit-distance.ts.
export { editDistanceAtMost, editDistanceWithin } from '../answering/edit-distance.js';
