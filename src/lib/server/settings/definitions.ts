import { z } from 'zod';
import { getConfig } from '../config';
import { m } from '../../paraglide/messages';
import { timeZoneField } from './time-zones';
import { plainText } from '../forms';

/** Who may create an account: anyone, only with a cohort invite code, or nobody (admins add users). */
export const REGISTRATION_MODES = ['open', 'invite', 'closed'] as const;
export type RegistrationMode = (typeof REGISTRATION_MODES)[number];

export const SITE_NAME_MAX = 80;
export const ARCHIVE_NOTE_MAX = 300;

/**
 * A checkbox: the form sends a hidden "false" then, when ticked, "true" (the last value wins);
 * stored JSON holds a boolean.
 */
const flag = (message: () => string) =>
	z.preprocess(
		(v) => {
			const last = Array.isArray(v) ? v.at(-1) : v;
			return last === 'true' ? true : last === 'false' ? false : last;
		},
		z.boolean({ error: message })
	);

/** A setting: its zod schema (for stored JSON and for form input alike) and its default. */
type Definition<S extends z.ZodType> = { schema: S; fallback: () => z.output<S> };
const define = <S extends z.ZodType>(schema: S, fallback: () => z.output<S>): Definition<S> => ({
	schema,
	fallback
});

/**
 * Every run-time setting. Adding a setting is one entry here: its key, schema and default
 * (plus, for the admin page, an input named after the key in a form section of
 * src/routes/admin/settings). Schemas must accept the strings a form sends (use z.coerce for
 * numbers; a checkbox needs a hidden "false" input before it) and carry localised messages.
 * Later issues add here: the LLM budget.
 */
export const SETTINGS = {
	/** Registration mode; "open" on a fresh install. */
	registrationMode: define(
		z.enum(REGISTRATION_MODES, { error: () => m.settings_registration_invalid() }),
		() => 'open' as const
	),
	/** Site name shown in the header and page titles; empty = the localised default ("Casebook"). */
	siteName: define(
		z
			.string()
			.transform(plainText)
			.pipe(
				z.string().max(SITE_NAME_MAX, {
					error: () => m.settings_site_name_too_long({ max: SITE_NAME_MAX })
				})
			),
		() => ''
	),
	/** Time zone given to new accounts; defaults to DEFAULT_TIME_ZONE from the environment. */
	defaultTimeZone: define(timeZoneField, () => getConfig().DEFAULT_TIME_ZONE),
	/**
	 * Archive mode: after the course the site stays a read-only reference (src/lib/server/archive):
	 * reading, search and one's own past work; no submissions, posts or LLM calls; a banner says so.
	 */
	archiveMode: define(
		flag(() => m.ops_archive_invalid()),
		() => false
	),
	/** Optional sentence shown in the archive banner (e.g. when the course ran); empty = none. */
	archiveNote: define(
		z
			.string()
			.trim()
			.max(ARCHIVE_NOTE_MAX, {
				error: () => m.ops_archive_note_too_long({ max: ARCHIVE_NOTE_MAX })
			}),
		() => ''
	)
} satisfies Record<string, Definition<z.ZodType>>;

export type SettingKey = keyof typeof SETTINGS;
/** The typed value of every setting. */
export type Settings = { [K in SettingKey]: z.output<(typeof SETTINGS)[K]['schema']> };
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** True when `key` names a setting. */
export function isSettingKey(key: string): key is SettingKey {
	return Object.hasOwn(SETTINGS, key);
}
