// Whether hours of operation are open at a moment (CheckHoursOfOperation), in their time zone.
import type { HoursOfOperationData } from '../instance-defaults.js';

const DAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];
const formats = new Map<string, Intl.DateTimeFormat>();

/** The weekday (0 = Sunday) and minute of the day at `ms` in `timeZone`. */
function localTime(ms: number, timeZone: string): { day: number; minute: number } {
  if (timeZone === 'UTC') {
    // no formatter needed (and it is the zone of Basic Hours)
    const d = new Date(ms);
    return { day: d.getUTCDay(), minute: d.getUTCHours() * 60 + d.getUTCMinutes() };
  }
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday);
  return { day, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/**
 * Open when a range of the day covers the time: start inclusive, end exclusive; an end at or
 * before the start runs past midnight into the next day (00:00 to 00:00 is the whole day).
 */
export function isOpen(hours: HoursOfOperationData, ms: number): boolean {
  // every day from midnight to midnight (Basic Hours): open whatever the time
  const config = hours.Config ?? [];
  const allDay = (c: (typeof config)[number]) => !c.StartTime?.Hours && !c.StartTime?.Minutes && !c.EndTime?.Hours && !c.EndTime?.Minutes;
  if (DAYS.every((d) => config.some((c) => c.Day === d && allDay(c)))) return true;
  let now;
  try {
    now = localTime(ms, hours.TimeZone ?? 'UTC');
  } catch {
    now = localTime(ms, 'UTC');
  }
  for (const c of config) {
    const day = DAYS.indexOf(c.Day!);
    const start = (c.StartTime?.Hours ?? 0) * 60 + (c.StartTime?.Minutes ?? 0);
    const end = (c.EndTime?.Hours ?? 0) * 60 + (c.EndTime?.Minutes ?? 0);
    if (end > start) {
      if (day === now.day && now.minute >= start && now.minute < end) return true;
    } else {
      if (day === now.day && now.minute >= start) return true;
      if ((day + 1) % 7 === now.day && now.minute < end) return true;
    }
  }
  return false;
}
