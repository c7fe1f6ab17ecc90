/**
 * Calendar dates ("YYYY-MM-DD") against instants, in a given IANA time zone. Used where a person
 * types or reads a date in their own zone: cohort terms, audit log date filters.
 */
import { dateTimeFormat } from '../intl';

/** Today's calendar date ("YYYY-MM-DD") in `timeZone`. */
export function todayIn(timeZone: string, now: Date | number = Date.now()): string {
	// en-CA formats dates as YYYY-MM-DD.
	return dateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(now);
}

/** Offset of `timeZone` from UTC at instant `at`, in ms (e.g. +8 h for Asia/Shanghai). */
function offsetMs(timeZone: string, at: number): number {
	const parts = Object.fromEntries(
		dateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		})
			.formatToParts(at)
			.filter((p) => p.type !== 'literal')
			.map((p) => [p.type, Number(p.value)])
	);
	const asUtc = Date.UTC(
		parts.year,
		parts.month - 1,
		parts.day,
		parts.hour,
		parts.minute,
		parts.second
	);
	return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The instant at which calendar day `isoDate` ("YYYY-MM-DD") begins in `timeZone`
 * (midnight local time; on a day that starts with a DST jump, the first existing instant).
 */
export function startOfDayIn(isoDate: string, timeZone: string): Date {
	const [y, mo, d] = isoDate.split('-').map(Number);
	const guess = Date.UTC(y, mo - 1, d);
	let t = guess - offsetMs(timeZone, guess);
	t = guess - offsetMs(timeZone, t); // second pass settles days where the offset changes
	return new Date(t);
}

/** A wall-clock date-time written "YYYY-MM-DDTHH:mm" (seconds optional), without a zone. */
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** True when `local` is a well-formed, real wall-clock date-time ("2026-12-20T23:59"). */
export function isLocalDateTime(local: string): boolean {
	const m = LOCAL_DATE_TIME.exec(local);
	if (!m) return false;
	const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
	const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
	return (
		t.getUTCFullYear() === y &&
		t.getUTCMonth() === mo - 1 &&
		t.getUTCDate() === d &&
		h < 24 &&
		mi < 60 &&
		s < 60
	);
}

/** `local` read as if it were UTC, in ms (the "wall" value the offsets are subtracted from). */
function wallAsUtc(local: string): number {
	const m = LOCAL_DATE_TIME.exec(local);
	if (!m) throw new RangeError(`not a local date-time (YYYY-MM-DDTHH:mm): ${local}`);
	const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
	return Date.UTC(y, mo - 1, d, h, mi, s);
}

/**
 * The instant at which the wall clock in `timeZone` shows `local` ("YYYY-MM-DDTHH:mm"), computed
 * with the Intl API so daylight-saving rules come from the runtime's time-zone database. Like
 * Temporal's "compatible" disambiguation: a time that occurs twice (clocks go back) gives the
 * earlier instant; a time that does not exist (clocks go forward) is moved forward by the gap
 * (New York 2026-03-08T02:30 → 03:30 EDT).
 * @throws RangeError when `local` is malformed.
 */
export function zonedTimeToInstant(local: string, timeZone: string): Date {
	const wall = wallAsUtc(local);
	const DAY = 24 * 60 * 60 * 1000;
	const before = offsetMs(timeZone, wall - DAY);
	const after = offsetMs(timeZone, wall + DAY);
	const candidates = [...new Set([before, after])]
		.map((off) => wall - off)
		.filter((t) => t + offsetMs(timeZone, t) === wall)
		.sort((a, b) => a - b);
	// Exists (once or twice): the earliest. In a gap: the offset in force before the jump.
	return new Date(candidates[0] ?? wall - before);
}

/** The wall-clock date-time ("YYYY-MM-DDTHH:mm:ss") of instant `at` in `timeZone`. */
export function localDateTimeAt(at: Date | number, timeZone: string): string {
	const t = typeof at === 'number' ? at : at.getTime();
	return new Date(Math.floor(t / 1000) * 1000 + offsetMs(timeZone, t)).toISOString().slice(0, 19);
}

/**
 * The instant `days` calendar days after `at` at the same wall-clock time in `timeZone` (so across a
 * daylight-saving change a "day" is 23 or 25 hours, as people in that zone count it).
 */
export function addLocalDays(at: Date, days: number, timeZone: string): Date {
	const local = localDateTimeAt(at, timeZone);
	const shifted = new Date(wallAsUtc(local) + days * 24 * 60 * 60 * 1000)
		.toISOString()
		.slice(0, 19);
	return zonedTimeToInstant(shifted, timeZone);
}
