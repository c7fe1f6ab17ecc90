/**
 * Shared `Intl` formatters. Building an `Intl.DateTimeFormat` costs far more than formatting with
 * one (ICU loads the locale's patterns and the time zone's rules), and pages format dozens of dates,
 * so formatters are kept per (locale, options) and reused. Keys are bounded in practice (locales,
 * IANA zones and the option sets in the code); the cache is emptied if it ever passes 2,000.
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const MAX = 2000;

function memo<F>(cache: Map<string, F>, key: string, make: () => F): F {
	let f = cache.get(key);
	if (!f) {
		if (cache.size >= MAX) cache.clear();
		f = make();
		cache.set(key, f);
	}
	return f;
}

/** `new Intl.DateTimeFormat(locale, options)`, reused. @throws RangeError for an unknown zone. */
export function dateTimeFormat(
	locale: string,
	options: Intl.DateTimeFormatOptions
): Intl.DateTimeFormat {
	return memo(
		dateTimeFormats,
		`${locale}|${JSON.stringify(options)}`,
		() => new Intl.DateTimeFormat(locale, options)
	);
}

/** `new Intl.NumberFormat(locale, options)`, reused. */
export function numberFormat(
	locale: string,
	options: Intl.NumberFormatOptions = {}
): Intl.NumberFormat {
	return memo(
		numberFormats,
		`${locale}|${JSON.stringify(options)}`,
		() => new Intl.NumberFormat(locale, options)
	);
}
