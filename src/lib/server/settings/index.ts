import { z } from 'zod';
import { immediate, type Db } from '../db';
import { cachedRead, invalidateReads } from '../db/read-cache';
import { settings as settingsTable } from '../db/schema';
import { audit } from '../audit';
import { log } from '../log';
import { parseForm, type FieldErrors } from '../forms';
import {
	SETTINGS,
	SETTING_KEYS,
	isSettingKey,
	type SettingKey,
	type Settings
} from './definitions';

export * from './definitions';

/** The read-cache scope of site settings (../db/read-cache.ts): settings are read on nearly every
 * request, so they are served from memory until {@link updateSettings} (this process) or another
 * connection (a script, a test, a second process) writes — a change takes effect on the next
 * request, without a restart. */
const SETTINGS_READS = 'settings';

/** Parses one stored JSON value; a missing, malformed or no-longer-valid value gives the default. */
function decode<K extends SettingKey>(key: K, raw: string | undefined): Settings[K] {
	const def = SETTINGS[key];
	if (raw === undefined) return def.fallback() as Settings[K];
	try {
		const parsed = def.schema.safeParse(JSON.parse(raw));
		if (parsed.success) return parsed.data as Settings[K];
	} catch {
		/* malformed JSON: fall through */
	}
	log.warn({ setting: key }, 'stored setting is invalid; using its default');
	return def.fallback() as Settings[K];
}

function readAll(db: Db): Settings {
	const rows = db.select().from(settingsTable).all();
	const stored = new Map(rows.map((r) => [r.key, r.value]));
	return Object.fromEntries(SETTING_KEYS.map((k) => [k, decode(k, stored.get(k))])) as Settings;
}

/** Every setting, typed, with defaults filled in (cached; see above). */
export function getSettings(db: Db): Settings {
	return cachedRead(db, SETTINGS_READS, 'all', () => readAll(db));
}

/** One setting's typed value, e.g. `getSetting(db, 'registrationMode')` → "open". */
export function getSetting<K extends SettingKey>(db: Db, key: K): Settings[K] {
	return getSettings(db)[key];
}

/** Thrown by {@link updateSettings} when a value does not pass its schema. */
export class InvalidSettingError extends Error {
	constructor(
		public readonly key: string,
		message: string
	) {
		super(`setting ${key}: ${message}`);
		this.name = 'InvalidSettingError';
	}
}

/**
 * Validates and stores the given settings in one transaction, writing one audit row
 * ("settings.update", target the key, before → after) per value that actually changed.
 * @returns the keys that changed (unchanged values write nothing).
 * @throws InvalidSettingError for an unknown key or a value its schema refuses.
 */
export function updateSettings(
	db: Db,
	patch: Partial<Settings>,
	by: { actorId: number | null; reason?: string | null }
): SettingKey[] {
	const entries: Array<[SettingKey, unknown]> = [];
	for (const [key, value] of Object.entries(patch)) {
		if (!isSettingKey(key)) throw new InvalidSettingError(key, 'unknown setting');
		const parsed = SETTINGS[key].schema.safeParse(value);
		if (!parsed.success) throw new InvalidSettingError(key, parsed.error.issues[0].message);
		entries.push([key, parsed.data]);
	}
	if (entries.length === 0) return [];
	const changed = immediate(db, (tx) => {
		const current = readAll(tx);
		const out: SettingKey[] = [];
		const now = new Date();
		for (const [key, value] of entries) {
			const before = current[key];
			if (JSON.stringify(before) === JSON.stringify(value)) continue;
			const json = JSON.stringify(value);
			tx.insert(settingsTable)
				.values({ key, value: json, updatedAt: now, updatedBy: by.actorId })
				.onConflictDoUpdate({
					target: settingsTable.key,
					set: { value: json, updatedAt: now, updatedBy: by.actorId }
				})
				.run();
			audit(tx, {
				actorId: by.actorId,
				action: 'settings.update',
				targetType: 'settings',
				targetId: key,
				before: { [key]: before },
				after: { [key]: value },
				reason: by.reason
			});
			out.push(key);
		}
		return out;
	});
	invalidateReads(db, SETTINGS_READS);
	return changed;
}

/**
 * Reads the settings present in a form (inputs named after setting keys; other fields are
 * ignored) and validates them with their schemas.
 * @returns the typed partial settings, or localised errors keyed by setting key.
 */
export function parseSettingsForm(
	form: FormData
): { ok: true; data: Partial<Settings> } | { ok: false; errors: FieldErrors } {
	const present = SETTING_KEYS.filter((k) => form.has(k));
	const schema = z.object(Object.fromEntries(present.map((k) => [k, SETTINGS[k].schema])));
	const parsed = parseForm(schema, form);
	return parsed.ok ? { ok: true, data: parsed.data as Partial<Settings> } : parsed;
}
