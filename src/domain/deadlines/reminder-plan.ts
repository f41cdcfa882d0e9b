import { dayNumber, fromDayNumber } from '../dates.js';
import { instantOf, isoDate, parseIsoDate } from '../time.js';
import type { Deadline } from './deadline.js';
import { previousWorkingDay } from './working-days.js';

/** Reminders go out at 09:00 on Amsterdam's clock. */
export const REMINDER_HOUR = 9;

export interface PlannedReminder {
  deadlineId: string;
  conversationId: string;
  /** "d7-2026-12-01": 7 days before, sent on 1 December; "s-<instant>": a snooze. */
  slot: string;
  /** Days before the due day this reminder stands for (for a snooze: days left at that moment). */
  daysBefore: number;
  at: string;
  snooze: boolean;
}

export type ReminderState = 'pending' | 'claimed' | 'sent' | 'failed' | 'skipped';

export interface ReminderRecord extends PlannedReminder {
  state: ReminderState;
  attempts: number;
  claimedBy?: string;
  claimUntil?: string;
  sentAt?: string;
  late?: boolean;
  lastError?: string;
  eTag?: string;
  [key: string]: unknown;
}

export const reminderKey = (r: Pick<PlannedReminder, 'deadlineId' | 'slot' | 'conversationId'>): string =>
  `reminder/${r.deadlineId}/${r.slot}/${r.conversationId}`;

/** The day and instant of a reminder "n days before": 09:00, moved to the previous working day if needed. */
export function reminderMoment(dueDate: string, daysBefore: number): { day: string; at: Date } {
  const due = parseIsoDate(dueDate)!;
  const day = previousWorkingDay(fromDayNumber(dayNumber(due) - daysBefore));
  return { day: isoDate(day), at: instantOf({ ...day, hour: REMINDER_HOUR, minute: 0 }) };
}

/**
 * Every reminder a deadline should get: one per conversation per scheduled day (days that fall on the same
 * working day are merged), plus snoozes. A reminder after the due moment itself is left out.
 */
export function planReminders(deadline: Deadline): PlannedReminder[] {
  const dueAt = new Date(deadline.dueAt).getTime();
  const byDay = new Map<string, { daysBefore: number; at: Date }>();
  for (const daysBefore of deadline.schedule) {
    const { day, at } = reminderMoment(deadline.dueDate, daysBefore);
    if (at.getTime() >= dueAt) continue;
    const seen = byDay.get(day);
    if (!seen || daysBefore < seen.daysBefore) byDay.set(day, { daysBefore, at });
  }
  const out: PlannedReminder[] = [];
  for (const conversationId of deadline.conversations) {
    for (const [day, { daysBefore, at }] of byDay) {
      out.push({ deadlineId: deadline.id, conversationId, slot: `d${daysBefore}-${day}`, daysBefore, at: at.toISOString(), snooze: false });
    }
  }
  for (const snooze of deadline.snoozes) {
    if (new Date(snooze.at).getTime() >= dueAt) continue;
    const daysBefore = dayNumber(parseIsoDate(deadline.dueDate)!) - dayNumber(parseIsoDate(snooze.at.slice(0, 10))!);
    out.push({ deadlineId: deadline.id, conversationId: snooze.conversationId, slot: `s-${snooze.at}`, daysBefore, at: snooze.at, snooze: true });
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
}
