import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import type { ContentDir } from '../../../../tests/support/content';
import { syncExercises } from '../../../../tests/support/exercise-content';
import type { Db } from '../db';
import { contentItems, contentLocales } from '../db/schema';
import type { ExerciseMeta } from './kinds/exercise';
import { getItemTitles, getItemWithMeta } from './items';

let db: Db;
let cleanupDb: () => void;
let content: ContentDir;
beforeEach(() => {
	({ db, cleanup: cleanupDb } = createTestDb());
	content = syncExercises(db, { demo: {}, other: { id: 'exercise-other', attemptLimit: 5 } });
});
afterEach(() => {
	content.cleanup();
	cleanupDb();
});

describe('getItemWithMeta', () => {
	it('joins an item of the given kind with its row in the asked language', () => {
		const zh = getItemWithMeta(db, 'exercise-other', 'exercise', 'zh-CN')!;
		const en = getItemWithMeta(db, 'exercise-other', 'exercise', 'en')!;
		expect(zh).toMatchObject({
			id: 'exercise-other',
			slug: 'other',
			path: '/exercises/other',
			version: 1,
			title: '为银行助手设计网关',
			live: true
		});
		expect(zh.contentHash).toMatch(/\S/);
		expect(en.title).toBe('Design the gateway of a bank assistant');
		expect((en.metadata as ExerciseMeta).attemptLimit).toBe(5);
		expect((en.metadata as ExerciseMeta).rubric[0].title).toBe('Gateway and authentication');
		expect(Object.keys(zh)).not.toContain('archivedAt');
	});

	it('finds an archived item, marked not live', () => {
		db.update(contentItems)
			.set({ archivedAt: new Date() })
			.where(eq(contentItems.id, 'exercise-demo'))
			.run();
		expect(getItemWithMeta(db, 'exercise-demo', 'exercise', 'en')?.live).toBe(false);
		expect(getItemWithMeta(db, 'exercise-other', 'exercise', 'en')?.live).toBe(true);
	});

	it('is undefined for an unknown id or an item of another kind', () => {
		expect(getItemWithMeta(db, 'exercise-nope', 'exercise', 'en')).toBeUndefined();
		expect(getItemWithMeta(db, 'exercise-demo', 'lab', 'en')).toBeUndefined();
		expect(getItemWithMeta(db, 'exercise-demo', 'quiz', 'zh-CN')).toBeUndefined();
	});
});

describe('getItemTitles', () => {
	const dropLocale = (itemId: string, locale: 'zh-CN' | 'en') =>
		db
			.delete(contentLocales)
			.where(and(eq(contentLocales.itemId, itemId), eq(contentLocales.locale, locale)))
			.run();

	it('names each id once in the asked language, archived items too', () => {
		db.update(contentItems)
			.set({ archivedAt: new Date() })
			.where(eq(contentItems.id, 'exercise-other'))
			.run();
		const ids = ['exercise-other', 'exercise-demo', 'exercise-other'];
		const zh = getItemTitles(db, ids, 'zh-CN');
		expect([...zh.keys()]).toEqual(['exercise-other', 'exercise-demo']);
		expect(zh.get('exercise-other')).toBe('为银行助手设计网关');
		expect(getItemTitles(db, ids, 'en').get('exercise-other')).toBe(
			'Design the gateway of a bank assistant'
		);
		expect(getItemTitles(db, [], 'en').size).toBe(0);
	});

	it('falls back to the other language, then to the id of an item that does not exist', () => {
		dropLocale('exercise-other', 'en');
		dropLocale('exercise-demo', 'zh-CN');
		const demoEn = getItemWithMeta(db, 'exercise-demo', 'exercise', 'en')!.title;
		expect(Object.fromEntries(getItemTitles(db, ['exercise-other', 'gone'], 'en'))).toEqual({
			'exercise-other': '为银行助手设计网关',
			gone: 'gone'
		});
		expect(getItemTitles(db, ['exercise-demo'], 'zh-CN').get('exercise-demo')).toBe(demoEn);
		expect(demoEn).toMatch(/\S/);
	});
});
