import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import type { ContentDir } from '../../../../tests/support/content';
import { syncExercises } from '../../../../tests/support/exercise-content';
import type { Db } from '../db';
import { contentItems } from '../db/schema';
import type { ExerciseMeta } from './kinds/exercise';
import { getItemWithMeta } from './items';

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
