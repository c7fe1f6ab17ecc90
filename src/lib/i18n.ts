import { deLocalizeHref, getLocale, localizeHref, locales, type Locale } from './paraglide/runtime';

/** `path` in the current language: "/cases" → "/en/cases" when reading in English. */
export function href(path: string): string {
	return localizeHref(path);
}

/** The same page in `locale` (for the language switch). */
export function hrefIn(pathWithSearch: string, locale: Locale): string {
	return localizeHref(deLocalizeHref(pathWithSearch), { locale });
}

export { getLocale, locales, type Locale };
