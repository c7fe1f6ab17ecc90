import { z } from 'zod';
import { m } from '../../paraglide/messages';

let zones: string[] | undefined;

/**
 * The IANA time zone names this runtime knows (`Intl.supportedValuesOf('timeZone')`, 400-odd names,
 * sorted) plus "UTC". This list feeds both the time zone selects and their validation, so a value
 * the select offers is always accepted and nothing else is.
 */
export function listTimeZones(): string[] {
	zones ??= [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort();
	return zones;
}

/** True when `tz` is one of {@link listTimeZones} (exact spelling, e.g. "Asia/Shanghai"). */
export function isKnownTimeZone(tz: string): boolean {
	return listTimeZones().includes(tz);
}

/** A form or settings field holding an IANA time zone name; localised message when unknown. */
export const timeZoneField = z
	.string({ error: () => m.settings_tz_invalid() })
	.trim()
	.refine(isKnownTimeZone, { error: () => m.settings_tz_invalid() });
