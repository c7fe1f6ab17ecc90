/**
 * Calendar dates ("YYYY-MM-DD") against instants, in a given IANA time zone. Used where a person
 * types or reads a date in their own zone: cohort terms, audit log date filters.
 */

/** Today's calendar date ("YYYY-MM-DD") in `timeZone`. */
export function todayIn(timeZone: string, now: Date | number = Date.now()): string {
	// en-CA formats dates as YYYY-MM-DD.
	return new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit'
	}).format(now);
}

/** Offset of `timeZone` from UTC at instant `at`, in ms (e.g. +8 h for Asia/Shanghai). */
function offsetMs(timeZone: string, at: number): number {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-US', {
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
