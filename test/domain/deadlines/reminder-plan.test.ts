import { describe, expect, it } from 'vitest';
import { parseDeadlineForm, type Deadline } from '../../../src/domain/deadlines/deadline.js';
import { planReminders, reminderMoment } from '../../../src/domain/deadlines/reminder-plan.js';
import { isPublicHoliday, previousWorkingDay } from '../../../src/domain/deadlines/working-days.js';
import { localDateTimeOf } from '../../../src/domain/time.js';

const local = (iso: string): string => {
  const l = localDateTimeOf(new Date(iso));
  return `${l.year}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')} ${String(l.hour).padStart(2, '0')}:${String(l.minute).padStart(2, '0')}`;
};

function deadline(dueDate: string, extra: Partial<Deadline> = {}): Deadline {
  const parsed = parseDeadlineForm({ title: 'Advies Wmo', dueDate, dueTime: '17:00' }, new Date('2026-01-01T00:00:00Z'));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const actor = { id: 'o', name: 'Organisator' };
  return { id: 'd1', ...parsed.value, conversations: ['c1'], state: 'open', snoozes: [], createdBy: actor, createdAt: '', updatedBy: actor, updatedAt: '', ...extra };
}

describe('reminder schedule', () => {
  it('reminds at 09:00 Amsterdam time 14, 7, 2 and 0 days before on working days', () => {
    // Due Wednesday 16 December 2026: 2 Dec (Wed), 9 Dec (Wed), 14 Dec (Mon), 16 Dec (Wed)
    const plan = planReminders(deadline('2026-12-16'));
    expect(plan.map((r) => local(r.at))).toEqual(['2026-12-02 09:00', '2026-12-09 09:00', '2026-12-14 09:00', '2026-12-16 09:00']);
    expect(plan[0]!.at).toBe('2026-12-02T08:00:00.000Z'); // winter time, UTC+1
  });

  it('moves a reminder on a weekend to the Friday before', () => {
    // Due Tuesday 17 November 2026: 2 days before is Sunday 15 -> Friday 13
    expect(reminderMoment('2026-11-17', 2).day).toBe('2026-11-13');
  });

  it('moves a reminder on Koningsdag to the working day before', () => {
    expect(isPublicHoliday({ year: 2027, month: 4, day: 27 })).toBe(true);
    // Due Tuesday 4 May 2027, 7 days before = Tuesday 27 April 2027 (Koningsdag) -> Monday 26 April
    expect(reminderMoment('2027-05-04', 7).day).toBe('2027-04-26');
    // Easter Monday 2027 is 29 March: a reminder then goes to Friday 26 March (Good Friday is a working day)
    expect(previousWorkingDay({ year: 2027, month: 3, day: 29 })).toEqual({ year: 2027, month: 3, day: 26 });
  });

  it('stays at 09:00 local time across the switch to and from summer time', () => {
    // Summer time starts Sunday 29 March 2026: reminders on 27 March (UTC+1) and 30 March (UTC+2)
    expect(reminderMoment('2026-03-27', 0).at.toISOString()).toBe('2026-03-27T08:00:00.000Z');
    expect(reminderMoment('2026-03-30', 0).at.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    // Winter time starts Sunday 25 October 2026: 23 October is UTC+2, 26 October UTC+1
    expect(reminderMoment('2026-10-23', 0).at.toISOString()).toBe('2026-10-23T07:00:00.000Z');
    expect(reminderMoment('2026-10-26', 0).at.toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });

  it('merges days that land on the same working day and keeps the one closest to the due date', () => {
    // Due Monday 4 January 2027: 2 days before is Saturday -> Thursday 31 Dec; 
    const plan = planReminders(deadline('2027-01-04', { schedule: [3, 2] }));
    // 3 days before = Friday 1 January (Nieuwjaarsdag) -> Thursday 31 December; 2 days before = Saturday -> same day
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({ daysBefore: 2, slot: 'd2-2026-12-31' });
  });

  it('plans one reminder per following conversation, and a snooze', () => {
    const plan = planReminders(deadline('2026-12-16', { conversations: ['a', 'b'], schedule: [7], snoozes: [{ conversationId: 'a', at: '2026-12-10T08:00:00.000Z' }] }));
    expect(plan.map((r) => `${r.conversationId}:${r.slot}`)).toEqual(['a:d7-2026-12-09', 'b:d7-2026-12-09', 'a:s-2026-12-10T08:00:00.000Z']);
  });
});

describe('deadline form', () => {
  const now = new Date('2026-11-23T12:00:00+01:00');
  it('accepts a complete form and applies the defaults', () => {
    const r = parseDeadlineForm({ title: '  Advies  over de Wmo ', dueDate: '2026-12-16' }, now);
    expect(r).toMatchObject({ ok: true, value: { title: 'Advies over de Wmo', dueTime: '17:00', kind: 'advies', body: 'adviesraad', schedule: [14, 7, 2, 0] } });
    if (r.ok) expect(r.value.dueAt).toBe('2026-12-16T16:00:00.000Z');
  });

  it('reports an empty title, an impossible date and a date in the past on their fields', () => {
    expect(parseDeadlineForm({ title: '', dueDate: '2026-12-16' }, now)).toEqual({ ok: false, errors: { title: 'Vul een titel in.' } });
    expect(parseDeadlineForm({ title: 'x', dueDate: '2026-02-30' }, now)).toEqual({ ok: false, errors: { dueDate: 'Deze datum bestaat niet.' } });
    expect(parseDeadlineForm({ title: 'x', dueDate: '2026-11-20' }, now)).toEqual({ ok: false, errors: { dueDate: 'Deze datum en tijd liggen in het verleden.' } });
    expect(parseDeadlineForm({ title: 'x', dueDate: '2026-11-23', dueTime: '09:00' }, now)).toMatchObject({ ok: false });
  });

  it('refuses a bad time, kind, link or schedule', () => {
    const r = parseDeadlineForm({ title: 'x', dueDate: '2026-12-16', dueTime: '25:00', kind: 'feest', link: 'ftp://x', schedule: '7, -1' }, now);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['dueTime', 'kind', 'link', 'schedule']);
  });

  it('survives garbage input without throwing', () => {
    expect(parseDeadlineForm(42, now).ok).toBe(false);
    expect(parseDeadlineForm({ title: { x: 1 } }, now).ok).toBe(false);
  });
});
