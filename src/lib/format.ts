/**
 * Formatting shared by server and browser. Dates are formatted on the server in the viewer's
 * time zone (IANA name) so what a page says does not depend on the machine it is rendered on.
 */
import { dateTimeFormat, numberFormat } from './intl';

/** "1 MB"-style size for `bytes` in the given locale (powers of 1024). */
export function formatBytes(bytes: number, locale: string): string {
	const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
	let value = bytes;
	let i = 0;
	while (value >= 1024 && i < units.length - 1) {
		value /= 1024;
		i++;
	}
	return numberFormat(locale, {
		style: 'unit',
		unit: units[i],
		maximumFractionDigits: 1
	}).format(value);
}

/** Date and time of `date` in `timeZone`, e.g. "2026年11月29日 20:42" / "29 Nov 2026, 20:42". */
export function formatDateTime(date: Date | number, locale: string, timeZone: string): string {
	return dateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}

/** Date of `date` in `timeZone`, e.g. "2026年11月29日" / "29 Nov 2026". */
export function formatDate(date: Date | number, locale: string, timeZone: string): string {
	return dateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(date);
}

/**
 * A calendar date stored as "YYYY-MM-DD" (e.g. a cohort's term day), formatted without any
 * time-zone shift: "2026年9月1日" / "1 Sept 2026".
 */
export function formatCalendarDate(isoDate: string, locale: string): string {
	return dateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
		new Date(`${isoDate}T12:00:00Z`)
	);
}
