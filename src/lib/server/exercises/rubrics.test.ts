import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../../tests/support/db';
import type { ContentDir } from '../../../../tests/support/content';
import { syncExercises, writeExercise } from '../../../../tests/support/exercise-content';
import type { Db } from '../db';
import { exerciseRubrics } from '../db/schema';
import { syncContent } from '../content/sync';
import { rubricMaximum } from '../feedback/rubric';
import { resolveExerciseRubric, storeExerciseRubrics } from './rubrics';

let db: Db;
let cleanupDb: () => void;
let content: ContentDir;
beforeEach(() => {
	({ db, cleanup: cleanupDb } = createTestDb());
	content = syncExercises(db, { demo: {} });
});
afterEach(() => {
	content.cleanup();
	cleanupDb();
});

describe('the rubric store', () => {
	it('stores each version’s bilingual rubric and resolves it for the worker', () => {
		expect(storeExerciseRubrics(db)).toEqual({ added: 1, updated: 0 });
		expect(storeExerciseRubrics(db)).toEqual({ added: 0, updated: 0 });
		const r = resolveExerciseRubric(db, 'exercise-demo', 1);
		expect(r?.criteria[0].title).toEqual({
			'zh-CN': '网关与鉴权',
			en: 'Gateway and authentication'
		});
		expect(r?.criteria[0].levels[2].descriptor.en).toBe('Specific and justified.');
		expect(r && rubricMaximum(r)).toBe(16);
		expect(resolveExerciseRubric(db, 'exercise-demo', 2)).toBeNull();
		expect(resolveExerciseRubric(db, 'exercise-nope', 1)).toBeNull();
	});

	it('keeps the old version’s rubric when a scoring change makes version 2', () => {
		storeExerciseRubrics(db);
		writeExercise(content.root, 'demo', { topPoints: 8 });
		expect(syncContent(db, content.root).versioned).toEqual(['exercise-demo']);
		storeExerciseRubrics(db);
		expect(rubricMaximum(resolveExerciseRubric(db, 'exercise-demo', 1)!)).toBe(16);
		expect(rubricMaximum(resolveExerciseRubric(db, 'exercise-demo', 2)!)).toBe(20);
		expect(db.select().from(exerciseRubrics).all()).toHaveLength(2);
	});

	it('follows a wording fix within the current version', () => {
		storeExerciseRubrics(db);
		writeExercise(content.root, 'demo', { firstTitleEn: 'Gateway and auth' });
		syncContent(db, content.root);
		expect(storeExerciseRubrics(db)).toEqual({ added: 0, updated: 1 });
		expect(resolveExerciseRubric(db, 'exercise-demo', 1)?.criteria[0].title.en).toBe(
			'Gateway and auth'
		);
	});

	it('builds the current version’s rubric on demand when start-up has not stored it', () => {
		expect(db.select().from(exerciseRubrics).all()).toHaveLength(0);
		expect(resolveExerciseRubric(db, 'exercise-demo', 1)?.id).toBe('exercise-demo');
		expect(db.select().from(exerciseRubrics).all()).toHaveLength(1);
	});
});
