import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { openDatabase, type Db } from '../db';
import { auditLog, settings as settingsTable } from '../db/schema';
import {
	InvalidSettingError,
	getSetting,
	getSettings,
	parseSettingsForm,
	updateSettings
} from './index';

let t: ReturnType<typeof createTestDb>;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.cleanup());

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.append(k, v);
	return f;
};

describe('settings', () => {
	it('has defaults on a fresh install: open registration, no site name, config time zone', () => {
		expect(getSettings(t.db)).toEqual({
			registrationMode: 'open',
			siteName: '',
			defaultTimeZone: 'Asia/Shanghai',
			archiveMode: false,
			archiveNote: '',
			providerNoticeZh: '',
			providerNoticeEn: '',
			llmDailyQuotaPerLearner: 20,
			llmDailyBudget: null
		});
	});

	it('takes the AI feedback quota and budget from a form: blank budget = no limit', () => {
		expect(
			parseSettingsForm(form({ llmDailyQuotaPerLearner: ' 3 ', llmDailyBudget: '1.5' }))
		).toEqual({ ok: true, data: { llmDailyQuotaPerLearner: 3, llmDailyBudget: 1.5 } });
		expect(parseSettingsForm(form({ llmDailyQuotaPerLearner: '0', llmDailyBudget: ' ' }))).toEqual({
			ok: true,
			data: { llmDailyQuotaPerLearner: 0, llmDailyBudget: null }
		});
		const bad = parseSettingsForm(form({ llmDailyQuotaPerLearner: '-1', llmDailyBudget: 'lots' }));
		expect(bad.ok).toBe(false);
		expect(Object.keys(bad.ok ? {} : bad.errors).sort()).toEqual([
			'llmDailyBudget',
			'llmDailyQuotaPerLearner'
		]);
		expect(parseSettingsForm(form({ llmDailyQuotaPerLearner: '2.5' })).ok).toBe(false);
		updateSettings(t.db, { llmDailyBudget: 2 }, { actorId: null });
		expect(getSetting(t.db, 'llmDailyBudget')).toBe(2);
		updateSettings(t.db, { llmDailyBudget: null }, { actorId: null });
		expect(getSetting(t.db, 'llmDailyBudget')).toBeNull();
	});

	it('stores validated values, audits each changed key once, and skips unchanged ones', async () => {
		const admin = await makeUser(t.db, { role: 'admin' });
		const changed = updateSettings(
			t.db,
			{
				registrationMode: 'invite',
				siteName: '  Casebook 2026  ',
				defaultTimeZone: 'Asia/Shanghai'
			},
			{ actorId: admin.id }
		);
		expect(changed.sort()).toEqual(['registrationMode', 'siteName']);
		expect(getSetting(t.db, 'registrationMode')).toBe('invite');
		expect(getSetting(t.db, 'siteName')).toBe('Casebook 2026');
		const rows = t.db.select().from(auditLog).where(eq(auditLog.action, 'settings.update')).all();
		expect(rows.map((r) => [r.targetId, r.before, r.after, r.actorId]).sort()).toEqual([
			[
				'registrationMode',
				'{"registrationMode":"open"}',
				'{"registrationMode":"invite"}',
				admin.id
			],
			['siteName', '{"siteName":""}', '{"siteName":"Casebook 2026"}', admin.id]
		]);
		expect(updateSettings(t.db, { registrationMode: 'invite' }, { actorId: admin.id })).toEqual([]);
		expect(t.db.select().from(auditLog).all()).toHaveLength(2);
	});

	it('refuses an invalid value or unknown key and changes nothing', () => {
		expect(() =>
			updateSettings(t.db, { defaultTimeZone: 'Mars/Olympus_Mons' }, { actorId: null })
		).toThrow(InvalidSettingError);
		expect(() =>
			updateSettings(t.db, { nope: 1 } as unknown as { siteName: string }, { actorId: null })
		).toThrow(/unknown setting/);
		expect(t.db.select().from(settingsTable).all()).toEqual([]);
		expect(getSetting(t.db, 'defaultTimeZone')).toBe('Asia/Shanghai');
	});

	it('sees a change committed by another connection on the next request, without a restart', async () => {
		expect(getSetting(t.db, 'registrationMode')).toBe('open'); // cached now
		const other: Db = openDatabase(t.path);
		try {
			updateSettings(other, { registrationMode: 'closed' }, { actorId: null });
		} finally {
			other.$client.close();
		}
		await new Promise((resolve) => setImmediate(resolve)); // the next request runs in a later turn
		expect(getSetting(t.db, 'registrationMode')).toBe('closed');
	});

	it('falls back to the default when a stored value no longer validates', () => {
		t.db.insert(settingsTable).values({ key: 'registrationMode', value: '"sometimes"' }).run();
		t.db.insert(settingsTable).values({ key: 'siteName', value: '{not json' }).run();
		expect(getSettings(t.db)).toMatchObject({ registrationMode: 'open', siteName: '' });
	});

	it('parses only the settings present in a form, with localised errors', () => {
		expect(parseSettingsForm(form({ siteName: 'X', other: 'ignored' }))).toEqual({
			ok: true,
			data: { siteName: 'X' }
		});
		const bad = parseSettingsForm(
			form({ registrationMode: 'sometimes', defaultTimeZone: 'Nowhere' })
		);
		expect(bad.ok).toBe(false);
		if (!bad.ok) {
			expect(Object.keys(bad.errors).sort()).toEqual(['defaultTimeZone', 'registrationMode']);
			expect(bad.errors.defaultTimeZone).toMatch(/Asia\/Shanghai/);
		}
	});
});
