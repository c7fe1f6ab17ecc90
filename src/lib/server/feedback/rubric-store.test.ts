import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import type { ContentDir } from '../../../../tests/support/content';
import { syncExercises, writeExercise } from '../../../../tests/support/exercise-content';
import type { Db } from '../db';
import { contentItems, exerciseRubrics } from '../db/schema';
import { log } from '../log';
import { syncContent } from '../content/sync';
import type { ExerciseMeta } from '../content/kinds/exercise';
import { rubricMaximum } from './rubric';
import {
	buildRubricFromContent,
	resolveStoredRubric,
	storeRubrics,
	type RubricBuilder
} from './rubric-store';

let db: Db;
let cleanupDb: () => void;
let content: ContentDir;
beforeEach(() => {
	log.level = 'silent';
	({ db, cleanup: cleanupDb } = createTestDb());
	content = syncExercises(db, { demo: {}, other: { id: 'exercise-other', topPoints: 6 } });
});
afterEach(() => {
	content.cleanup();
	cleanupDb();
});

const pickExercise = (m: unknown) => (m as ExerciseMeta).rubric;
/** The exercise builder, counting its calls. */
function counted(): RubricBuilder & { calls: string[] } {
	const calls: string[] = [];
	const build = (tx: Db, id: string) => {
		calls.push(id);
		return buildRubricFromContent(tx, id, 'exercise', pickExercise);
	};
	return Object.assign(build, { calls });
}

describe('buildRubricFromContent', () => {
	it('builds the current version’s bilingual rubric of an item of the given kind', () => {
		const built = buildRubricFromContent(db, 'exercise-other', 'exercise', pickExercise);
		expect(built?.version).toBe(1);
		expect(built?.rubric.id).toBe('exercise-other');
		expect(built?.rubric.criteria[0].title).toEqual({
			'zh-CN': '网关与鉴权',
			en: 'Gateway and authentication'
		});
		expect(rubricMaximum(built!.rubric)).toBe(18);
	});

	it('is null for another kind, an unknown item, or metadata without a rubric', () => {
		expect(buildRubricFromContent(db, 'exercise-demo', 'lab', pickExercise)).toBeNull();
		expect(buildRubricFromContent(db, 'exercise-nope', 'exercise', pickExercise)).toBeNull();
		expect(buildRubricFromContent(db, 'exercise-demo', 'exercise', () => undefined)).toBeNull();
	});
});

describe('storeRubrics', () => {
	it('stores each live item once, counts added and updated rows, and is idempotent', () => {
		expect(storeRubrics(db, 'exercise', counted())).toEqual({ added: 2, updated: 0 });
		expect(storeRubrics(db, 'exercise', counted())).toEqual({ added: 0, updated: 0 });
		expect(db.select().from(exerciseRubrics).all()).toHaveLength(2);
		// A wording change of the current version updates its row.
		writeExercise(content.root, 'demo', { firstTitleEn: 'Gateway first' });
		syncContent(db, content.root);
		expect(storeRubrics(db, 'exercise', counted())).toEqual({ added: 0, updated: 1 });
	});

	it('skips archived items, items of other kinds, items without a rubric and builders that throw', () => {
		db.update(contentItems)
			.set({ archivedAt: new Date() })
			.where(eq(contentItems.id, 'exercise-other'))
			.run();
		const build = counted();
		expect(storeRubrics(db, 'exercise', build)).toEqual({ added: 1, updated: 0 });
		expect(build.calls).toEqual(['exercise-demo']);
		expect(storeRubrics(db, 'lab', counted())).toEqual({ added: 0, updated: 0 });
		db.delete(exerciseRubrics).run();
		expect(storeRubrics(db, 'exercise', () => null)).toEqual({ added: 0, updated: 0 });
		db.update(contentItems).set({ archivedAt: null }).run();
		const throwing: RubricBuilder = (tx, id) => {
			if (id === 'exercise-demo') throw new Error('bad rubric');
			return buildRubricFromContent(tx, id, 'exercise', pickExercise);
		};
		expect(storeRubrics(db, 'exercise', throwing)).toEqual({ added: 1, updated: 0 });
		const stored = db.select({ itemId: exerciseRubrics.itemId }).from(exerciseRubrics).all();
		expect(stored).toEqual([{ itemId: 'exercise-other' }]);
	});
});

describe('resolveStoredRubric', () => {
	it('returns the stored rubric without building it', () => {
		storeRubrics(db, 'exercise', counted());
		const build = counted();
		expect(resolveStoredRubric(db, 'exercise-demo', 1, build)?.id).toBe('exercise-demo');
		expect(build.calls).toEqual([]);
	});

	it('builds and stores the current version when none is stored; null for another version', () => {
		const build = counted();
		expect(rubricMaximum(resolveStoredRubric(db, 'exercise-other', 1, build)!)).toBe(18);
		expect(build.calls).toEqual(['exercise-other']);
		expect(db.select().from(exerciseRubrics).all()).toHaveLength(1);
		expect(resolveStoredRubric(db, 'exercise-other', 1, build)?.id).toBe('exercise-other');
		expect(build.calls).toEqual(['exercise-other']);
		expect(resolveStoredRubric(db, 'exercise-other', 2, build)).toBeNull();
		expect(resolveStoredRubric(db, 'exercise-nope', 1, build)).toBeNull();
		expect(db.select().from(exerciseRubrics).all()).toHaveLength(1);
	});

	it('keeps an old version’s stored rubric after a scoring change', () => {
		storeRubrics(db, 'exercise', counted());
		writeExercise(content.root, 'demo', { topPoints: 8 });
		syncContent(db, content.root);
		expect(rubricMaximum(resolveStoredRubric(db, 'exercise-demo', 1, counted())!)).toBe(16);
		expect(rubricMaximum(resolveStoredRubric(db, 'exercise-demo', 2, counted())!)).toBe(20);
	});
});
