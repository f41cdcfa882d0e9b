import type { Deadline } from '../../src/domain/deadlines/deadline.js';
import type { DraftAdvice } from '../../src/domain/drafts/draft.js';

const organiser = { id: 'aad-1', name: 'Secretaris Werkkamer' };

/** A realistic deadline added in Teams, for card tests and screenshots. */
export const SAMPLE_DEADLINE: Deadline = {
  id: 'a1b2c3d4',
  title: 'Advies over de Wmo-verordening 2027',
  body: 'adviesraad',
  kind: 'advies',
  dueDate: '2026-12-16',
  dueTime: '17:00',
  dueAt: '2026-12-16T16:00:00.000Z',
  description: 'Het college vraagt de adviesraad om advies over de nieuwe verordening.',
  link: 'https://www.wijchen.nl/stukken/wmo-2027.pdf',
  conversations: ['c1', 'c2'],
  schedule: [14, 7, 2, 0],
  state: 'open',
  snoozes: [],
  createdBy: organiser,
  createdAt: '2026-11-20T10:00:00.000Z',
  updatedBy: organiser,
  updatedAt: '2026-11-21T10:00:00.000Z',
};

/** A realistic draft deeladvies, open for votes, for card tests and screenshots. */
export const SAMPLE_DRAFT: DraftAdvice = {
  id: 'd1',
  number: '1.2',
  title: 'Participatiecoaching borgen',
  text: 'Het adviesorgaan adviseert vast te leggen dat participatiecoaching in omvang en methodiek blijft, met meetbare doelen per jaar.',
  closesAt: '2026-11-30T16:00:00.000Z',
  anonymous: false,
  visibility: 'na-stem',
  quorum: 0.5,
  state: 'open',
  conversationId: 'c',
  viewers: [],
  createdBy: { id: 'aad-1', name: 'Secretaris' },
  createdAt: '2026-11-23T11:00:00.000Z',
};
