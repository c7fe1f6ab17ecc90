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
export const PROVIDER_NOTICE_MAX = 1000;

const providerNotice = () =>
	z
		.string()
		.trim()
		.max(PROVIDER_NOTICE_MAX, {
			error: () => m.exercises_settings_notice_too_long({ max: PROVIDER_NOTICE_MAX })
		});

export const LLM_QUOTA_MAX = 10_000;
export const LLM_BUDGET_MAX = 1_000_000_000;

/** AI feedback requests per learner per day: a whole number, 0 = none. */
const llmQuota = () =>
	z.coerce
		.number({ error: () => m.exercises_settings_quota_invalid({ max: LLM_QUOTA_MAX }) })
		.int({ error: () => m.exercises_settings_quota_invalid({ max: LLM_QUOTA_MAX }) })
		.min(0, { error: () => m.exercises_settings_quota_invalid({ max: LLM_QUOTA_MAX }) })
		.max(LLM_QUOTA_MAX, {
			error: () => m.exercises_settings_quota_invalid({ max: LLM_QUOTA_MAX })
		});

/** The global daily LLM budget in LLM_PRICE_CURRENCY; blank (null) = no limit. */
const llmBudget = () =>
	z.preprocess(
		(v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : v),
		z.union([
			z.null(),
			z.coerce
				.number({ error: () => m.exercises_settings_budget_invalid() })
				.min(0, { error: () => m.exercises_settings_budget_invalid() })
				.max(LLM_BUDGET_MAX, { error: () => m.exercises_settings_budget_invalid() })
		])
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
	),
	/**
	 * The notice shown before an answer goes to the LLM provider, in Chinese and in English; empty =
	 * the built-in text naming LLM_PROVIDER_NAME. Plain text.
	 */
	providerNoticeZh: define(providerNotice(), () => ''),
	providerNoticeEn: define(providerNotice(), () => ''),
	/**
	 * AI feedback limits (src/lib/server/feedback/runner.ts): requests per learner per day, and the
	 * global estimated spend per day in LLM_PRICE_CURRENCY (null = no limit). Past either, the offline
	 * check answers and the submission page says why. Defaults: LLM_DAILY_QUOTA_PER_LEARNER and
	 * LLM_DAILY_BUDGET from the environment.
	 */
	llmDailyQuotaPerLearner: define(llmQuota(), () => getConfig().LLM_DAILY_QUOTA_PER_LEARNER),
	llmDailyBudget: define(llmBudget(), () => getConfig().LLM_DAILY_BUDGET ?? null)
} satisfies Record<string, Definition<z.ZodType>>;

export type SettingKey = keyof typeof SETTINGS;
/** The typed value of every setting. */
export type Settings = { [K in SettingKey]: z.output<(typeof SETTINGS)[K]['schema']> };
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** True when `key` names a setting. */
export function isSettingKey(key: string): key is SettingKey {
	return Object.hasOwn(SETTINGS, key);
}
