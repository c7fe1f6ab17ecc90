import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { createTestDb } from '../../../../tests/support/db';
import type { ContentDir } from '../../../../tests/support/content';
import { makeUser } from '../../../../tests/support/factories';
import { syncExercises } from '../../../../tests/support/exercise-content';
import { makeGradingClass, makeSubmission } from '../../../../tests/support/grading';
import type { Db } from '../db';
import { gradeCriteria, gradeReleases, grades, submissionComments, type User } from '../db/schema';
import { log } from '../log';
import { buildExport, deleteAccount, requestAccountDeletion } from '../privacy';
import { addThreadComment, requestRegrade, saveGrade } from './index';
import { gradesExportPart, registerGradingExport } from './export';

let db: Db;
let cleanupDb: () => void;
let content: ContentDir;
beforeEach(() => {
	log.level = 'silent';
	({ db, cleanup: cleanupDb } = createTestDb());
	content = syncExercises(db, {
		demo: {
			due: { at: '2027-06-30T23:59', timeZone: 'Asia/Shanghai' },
			latePolicy: '{ kind: penalty, percentPerDay: 10 }'
		}
	});
});
afterEach(() => {
	content.cleanup();
	cleanupDb();
});

const levels = (l: number[], comment = '') =>
	['gateway', 'resilience', 'interface', 'monitoring'].map((criterionId, i) => ({
		criterionId,
		level: l[i],
		comment: i === 0 ? comment : ''
	}));

const ctx = { locale: 'en' as const, timeZone: 'UTC', now: new Date(Date.UTC(2027, 7, 1)) };

async function setUp() {
	const {
		instructor,
		learners: [learner, other]
	} = await makeGradingClass(db, {
		instructor: { displayName: 'Prof Li', email: 'prof.li@example.edu' },
		learners: [{ displayName: 'Ann' }, { displayName: 'Bob' }]
	});
	// Two started days late → 20 % off.
	const late = makeSubmission(db, learner.id, 'late answer', {
		now: new Date('2027-07-02T10:00:00+08:00')
	});
	const drafted = makeSubmission(db, learner.id, 'second answer');
	const others = makeSubmission(db, other.id, 'bob answer');
	saveGrade(db, instructor, {
		submissionId: late,
		criteria: levels([2, 2, 2, 2], 'Solid gateway'),
		comment: 'Well argued overall',
		release: true
	});
	// Changes after the release stay a draft: not exported.
	saveGrade(db, instructor, {
		submissionId: late,
		criteria: levels([0, 0, 0, 0], 'SECRET DRAFT CRITERION'),
		comment: 'SECRET DRAFT OVERALL',
		release: false
	});
	// Never released: not exported.
	saveGrade(db, instructor, {
		submissionId: drafted,
		criteria: levels([1, 1, 1, 1]),
		comment: 'NEVER RELEASED',
		release: false
	});
	saveGrade(db, instructor, {
		submissionId: others,
		criteria: levels([1, 1, 1, 1]),
		comment: 'BOB ONLY',
		release: true
	});
	addThreadComment(db, learner, late, 'Why the penalty?');
	addThreadComment(db, instructor, late, 'It was **two** days late.');
	requestRegrade(db, learner.id, late, 'The deadline moved');
	addThreadComment(db, other, others, 'BOB COMMENT');
	return { instructor, learner, other, late, drafted, others };
}

function unzip(user: User): Record<string, string> {
	const files = unzipSync(buildExport(db, user, { locale: 'en', now: ctx.now }));
	return Object.fromEntries(
		Object.entries(files).map(([k, v]) => [k.replace(/^[^/]+\//, ''), strFromU8(v)])
	);
}

describe('grades in "download my data"', () => {
	it('has the released grades and the private thread, never drafts, other learners or emails', async () => {
		const { learner, late, drafted } = await setUp();
		const part = gradesExportPart(db, learner, ctx)!;
		const json = part.json as Array<Record<string, unknown>>;
		expect(json.map((s) => s.submissionId)).toEqual([late]);
		expect(json[0]).toMatchObject({
			itemId: 'exercise-demo',
			releases: [
				{
					points: 12.8,
					rawPoints: 16,
					maxPoints: 16,
					latePenaltyPercent: 20,
					comment: 'Well argued overall',
					criteria: expect.arrayContaining([
						{
							criterionId: 'gateway',
							level: 2,
							points: 4,
							maxPoints: 4,
							comment: 'Solid gateway'
						}
					])
				}
			],
			thread: [
				{ kind: 'comment', author: 'you', authorName: 'Ann', body: 'Why the penalty?' },
				{
					kind: 'comment',
					author: 'staff',
					authorName: 'Prof Li',
					body: 'It was **two** days late.'
				},
				{ kind: 'regrade_request', author: 'you', body: 'The deadline moved' }
			]
		});
		const all = JSON.stringify(part.json) + part.markdown;
		for (const secret of [
			'SECRET DRAFT',
			'NEVER RELEASED',
			'BOB',
			'prof.li@example.edu',
			`#${drafted}`
		])
			expect(all).not.toContain(secret);
		expect(part.markdown).toContain('Gateway and authentication');
		expect(part.markdown).toContain('Late penalty: 20%');
		expect(part.markdown).toContain('> It was **two** days late.');

		// Through the registered source, in the zip.
		registerGradingExport();
		const files = unzip(learner);
		expect(JSON.parse(files['grades.json'])).toEqual(JSON.parse(JSON.stringify(part.json)));
		expect(files['grades.md']).toContain('Well argued overall');
	});

	it('is left out for a learner with neither a released grade nor a comment', async () => {
		await setUp();
		const newcomer = await makeUser(db);
		expect(gradesExportPart(db, newcomer, ctx)).toBeNull();
	});

	it('goes with the account: a learner’s grades and threads cascade, a deleted instructor’s comments lose their author', async () => {
		const { instructor, learner, other, late, others } = await setUp();
		const admin = await makeUser(db, { role: 'admin' });
		requestAccountDeletion(db, learner.id, null);
		expect(deleteAccount(db, admin.id, learner.id)).toMatchObject({ ok: true });
		for (const table of [grades, gradeReleases, submissionComments])
			expect(db.select().from(table).where(eq(table.submissionId, late)).all()).toEqual([]);
		expect(
			db.select().from(gradeCriteria).where(eq(gradeCriteria.submissionId, late)).all()
		).toEqual([]);
		// Bob's grade and thread are untouched.
		expect(
			db.select().from(gradeReleases).where(eq(gradeReleases.submissionId, others)).all()
		).toHaveLength(1);

		addThreadComment(db, instructor, others, 'A reply to Bob');
		requestAccountDeletion(db, instructor.id, null);
		expect(deleteAccount(db, admin.id, instructor.id)).toMatchObject({ ok: true });
		const thread = (gradesExportPart(db, other, ctx)!.json as Array<{ thread: unknown[] }>)[0]
			.thread;
		expect(thread).toEqual([
			expect.objectContaining({ author: 'you', body: 'BOB COMMENT' }),
			expect.objectContaining({ author: 'deleted', authorName: null, body: 'A reply to Bob' })
		]);
		expect(
			db.select().from(gradeReleases).where(eq(gradeReleases.submissionId, others)).get()
		).toMatchObject({ releasedBy: null, comment: 'BOB ONLY' });
	});
});
