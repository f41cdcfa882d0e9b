import { describe, expect, it } from 'vitest';
import { CurationStore, withNamedMunicipality } from '../../../src/domain/curation/curation-store.js';
import type { KnowledgeEntry } from '../../../src/domain/knowledge/schema.js';
import { MemoryStore } from '../../../src/storage/memory-storage.js';

const entry = (title: string, answer: string): KnowledgeEntry =>
  ({ id: 'curated-x', title, topics: ['x'], questions: [title, 'Vraag over x'], answer, sources: [{ doc: 'curated-x-bron' }], related: [] }) as KnowledgeEntry;

describe('an answer added in Teams gets the municipality it names', () => {
  it('one municipality named, in any form: that one', () => {
    expect(withNamedMunicipality(entry('Hoeveel vrijwilligers telt de Werkkamer?', 'De werkkamer in Wijchen telt twaalf vrijwilligers.')).municipality).toBe('Wijchen');
    expect(withNamedMunicipality(entry('Wanneer vergadert de Wijchense adviesraad?', 'Elke eerste dinsdag.')).municipality).toBe('Wijchen');
  });

  it('none or two named: none; one already given: kept', () => {
    expect(withNamedMunicipality(entry('Wanneer vergadert de adviesraad?', 'Elke eerste dinsdag.')).municipality).toBeUndefined();
    expect(withNamedMunicipality(entry('Werken Wijchen en Druten samen?', 'Ja, in de regio.')).municipality).toBeUndefined();
    expect(withNamedMunicipality({ ...entry('In Druten?', 'Ja.'), municipality: 'Heumen' }).municipality).toBe('Heumen');
  });

  it('is stored with the entry', async () => {
    const store = new CurationStore(new MemoryStore());
    const added = await store.addEntry({ question: 'Hoeveel leden heeft de clientenraad in Druten?', phrasings: [], answer: 'Negen leden.', source: 'Jaarverslag', sourceDate: '2026-01-01', topic: 'clientenraad', author: 'Secretaris', at: new Date('2026-12-02T10:00:00Z') });
    expect(added.entry.municipality).toBe('Druten');
    expect((await store.curated())[0]!.entry.municipality).toBe('Druten');
  });
});
