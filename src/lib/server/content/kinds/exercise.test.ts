import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDb } from '../../../../../tests/support/db';
import { makeContentDir, type ContentDir } from '../../../../../tests/support/content';
import { exerciseFile, writeExercise } from '../../../../../tests/support/exercise-content';
import type { Db } from '../../db';
import { contentTags, contentVersions } from '../../db/schema';
import { checkContent } from '../check';
import { listTaggedItems } from '../items';
import { syncContent } from '../sync';
import type { ExerciseMeta } from './exercise';

const DIR = 'exercises/demo';
let content: ContentDir;

beforeEach(() => {
	content = makeContentDir();
	writeExercise(content.root, 'demo');
});
afterEach(() => content.cleanup());

const errors = () =>
	checkContent(content.root).problems.filter((p) => p.level === 'error' || p.level === 'warning');

describe('the exercise content kind', () => {
	it('accepts the shipped exercises (npm run cases:check)', () => {
		const { load, problems } = checkContent('cases');
		expect(problems).toEqual([]);
		const exercises = load.items.filter((i) => i.kind.kind === 'exercise');
		expect(exercises.length).toBeGreaterThanOrEqual(10);
		// At least one per case study.
		const cases = load.items.filter((i) => i.kind.kind === 'case').map((i) => i.id);
		const covered = new Set(
			exercises.map((e) => (e.files['zh-CN'].data as { case?: string }).case)
		);
		for (const c of cases) expect(covered).toContain(c);
	});

	it('accepts the test exercise and its eval.yaml beside it', () => {
		content.write(`${DIR}/eval.yaml`, 'exercise: exercise-demo\nanswers: []\n');
		expect(errors()).toEqual([]);
	});

	it('names the file and field of a rubric mistake', () => {
		content.edit(`${DIR}/zh-CN.md`, /- level: 1\n {8}points: 2/, '- level: 2\n        points: 2');
		const p = errors();
		expect(p).toContainEqual(
			expect.objectContaining({
				file: `cases/${DIR}/zh-CN.md`,
				field: 'rubric.0.levels.1.level',
				message: expect.stringContaining('must be 1')
			})
		);
	});

	it('refuses points that go down, too few criteria and a due date without a zone', () => {
		content.edit(`${DIR}/en.md`, /points: 2\n/, 'points: 5\n');
		expect(errors()).toContainEqual(expect.objectContaining({ field: 'rubric.0.levels.2.points' }));
		content.write(
			`${DIR}/en.md`,
			exerciseFile('en').replace(/ {2}- id: monitoring[\s\S]*$/m, '---\n\n## Scenario\n')
		);
		expect(errors().some((p) => p.field === 'rubric' && /4–6 criteria/.test(p.message))).toBe(true);
		writeExercise(content.root, 'demo', {
			due: { at: '2026-12-20T23:59', timeZone: 'Mars/Olympus' }
		});
		expect(errors()).toContainEqual(expect.objectContaining({ field: 'due.timeZone' }));
		writeExercise(content.root, 'demo', { latePolicy: '{ kind: cutoff, cutoffDays: 2 }' });
		expect(errors()).toContainEqual(expect.objectContaining({ field: 'latePolicy' }));
	});

	it('requires the four sections in order', () => {
		content.edit(`${DIR}/en.md`, '## Constraints', '## Limits');
		expect(errors()).toContainEqual(
			expect.objectContaining({
				file: `cases/${DIR}/en.md`,
				field: 'body',
				message: expect.stringContaining('"Limits" where "Constraints" is expected')
			})
		);
	});

	it('requires the same rubric structure in both languages', () => {
		content.edit(`${DIR}/en.md`, 'zh-CN: [网关]', 'zh-CN: [网关, 网关层]');
		content.edit(`${DIR}/en.md`, 'attemptLimit: 2', 'attemptLimit: 3');
		const p = errors().filter((x) => x.file === `cases/${DIR}/en.md`);
		expect(p.map((x) => x.field)).toEqual(
			expect.arrayContaining(['attemptLimit', 'rubric.0.concepts.0.synonyms.zh-CN'])
		);
	});

	it('warns about a link to a case that does not exist', () => {
		writeExercise(content.root, 'demo', { case: 'case-nowhere' });
		expect(errors()).toContainEqual(
			expect.objectContaining({
				level: 'warning',
				message: expect.stringContaining('case:case-nowhere')
			})
		);
	});
});

describe('syncing exercises', () => {
	let db: Db;
	let cleanupDb: () => void;
	beforeEach(() => ({ db, cleanup: cleanupDb } = createTestDb()));
	afterEach(() => cleanupDb());

	const versions = () =>
		db
			.select()
			.from(contentVersions)
			.where(eq(contentVersions.itemId, 'exercise-demo'))
			.all()
			.map((v) => v.version);

	it('stores rules and the rubric per language, tagged with its modules and case', () => {
		const r = syncContent(db, content.root);
		expect(r.problems).toEqual([]);
		expect(r.added).toContain('exercise-demo');
		const tags = db
			.select({ tag: contentTags.tag })
			.from(contentTags)
			.where(eq(contentTags.itemId, 'exercise-demo'))
			.all()
			.map((t) => t.tag);
		expect(tags).toEqual(expect.arrayContaining(['module:3', 'module:8', 'case:case-bank-demo']));
		const onCase = listTaggedItems(db, ['case:case-bank-demo'], 'en', { kinds: ['exercise'] });
		expect(onCase.map((i) => i.path)).toEqual(['/exercises/demo']);
		const meta = onCase[0].metadata as ExerciseMeta;
		expect(meta.maxPoints).toBe(16);
		expect(meta.rubric[0].title).toBe('Gateway and authentication');
		expect(onCase[0].summary).toBe('A fictional bank adds a gateway to its assistant.');
	});

	it('makes a new version for a scoring change, not for a wording change', () => {
		syncContent(db, content.root);
		writeExercise(content.root, 'demo', { firstTitleEn: 'Gateway, authentication' });
		const wording = syncContent(db, content.root);
		expect(wording.updated).toContain('exercise-demo');
		expect(wording.versioned).toEqual([]);
		writeExercise(content.root, 'demo', { topPoints: 6 });
		const scoring = syncContent(db, content.root);
		expect(scoring.versioned).toEqual(['exercise-demo']);
		expect(versions()).toEqual([1, 2]);
		writeExercise(content.root, 'demo', { topPoints: 6, attemptLimit: 5 });
		expect(syncContent(db, content.root).versioned).toEqual([]);
		const v2 = db
			.select()
			.from(contentVersions)
			.where(and(eq(contentVersions.itemId, 'exercise-demo'), eq(contentVersions.version, 2)))
			.get();
		expect(JSON.stringify(v2?.scoring)).toContain('"points":6');
	});
});
