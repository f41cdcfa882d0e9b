import { createRequire } from 'node:module';
import type HolidaysType from 'date-holidays';
import { dayNumber, fromDayNumber, type CivilDate } from '../dates.js';

/** Loaded at the first date that needs it (planning a reminder), not at start: the library holds every country's rules. */
let holidays: HolidaysType | undefined;
function dutchHolidays(): HolidaysType {
  if (!holidays) {
    const Holidays = createRequire(import.meta.url)('date-holidays') as typeof HolidaysType;
    holidays = new Holidays('NL');
  }
  return holidays;
}

/** Dutch public holidays (Koningsdag, Pasen, Kerstmis, ...) by the maintained date-holidays library. */
export function isPublicHoliday(date: CivilDate): boolean {
  // Noon avoids any doubt about the day at the edges of the time zone.
  const result = dutchHolidays().isHoliday(new Date(Date.UTC(date.year, date.month - 1, date.day, 11)));
  return Array.isArray(result) && result.some((h) => h.type === 'public');
}

export function isWeekend(date: CivilDate): boolean {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

export function isWorkingDay(date: CivilDate): boolean {
  return !isWeekend(date) && !isPublicHoliday(date);
}

/** The day itself when it is a working day, else the working day before it. */
export function previousWorkingDay(date: CivilDate): CivilDate {
  let n = dayNumber(date);
  while (!isWorkingDay(fromDayNumber(n))) n--;
  return fromDayNumber(n);
}
