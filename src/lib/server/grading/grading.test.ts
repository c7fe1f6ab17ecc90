import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import type { ContentDir } from '../../../../tests/support/content';
import { makeUser } from '../../../../tests/support/factories';
import {
	feedbackFor,
	STRONG_ANSWER_ZH,
	syncExercises
} from '../../../../tests/support/exercise-content';
import { makeGradingClass, makeSubmission } from '../../../../tests/support/grading';
import type { Db } from '../db';
import { auditLog, gradeReleases, notifications } from '../db/schema';
import { log } from '../log';
import { getReleasedGrade, grantExtension, resolveExerciseRubric } from '../exercises';
import {
	getGradingView,
	GradingError,
	levelRange,
	listQueue,
	queueNeighbours,
	releaseGrades,
	saveGrade,
	type CriterionGradeInput
} from './index';

let db: Db;
let cleanupDb: () => void;
let content: ContentDir;
beforeEach(() => {
	log.level = 'silent';
	({ db, cleanup: cleanupDb } = createTestDb());
	content = syncExercises(db, {
		demo: {
			attemptLimit: 3,
			due: { at: '2027-06-30T23:59', timeZone: 'Asia/Shanghai' },
			latePolicy: '{ kind: penalty, percentPerDay: 10 }'
		}
	});
});
afterEach(() => {
	content.cleanup();
	cleanupDb();
});

const ALL: CriterionGradeInput[] = ['gateway', 'resilience', 'interface', 'monitoring'].map(
	(criterionId) => ({ criterionId, level: 2 })
);
const audits = (action: string) =>
	db.select().from(auditLog).where(eq(auditLog.action, action)).all();
const notes = (userId: number, kind: string) =>
	db
		.select()
		.from(notifications)
		.where(eq(notifications.userId, userId))
		.all()
		.filter((n) => n.kind === kind);

describe('grading a submission', () => {
	it('preselects the feedback levels, and a later AI feedback never replaces the saved grade', async () => {
		const { instructor, learner } = await makeGradingClass(db);
		const id = makeSubmission(db, learner.id, STRONG_ANSWER_ZH);
		expect(getGradingView(db, instructor, id)?.start[0]).toMatchObject({ level: null, from: null });
		await feedbackFor(db, id);
		const view = getGradingView(db, instructor, id)!;
		expect(view.start.map((s) => [s.level, s.from])).toEqual([
			[2, 'feedback'],
			[2, 'feedback'],
			[2, 'feedback'],
			[2, 'feedback']
		]);
		saveGrade(db, instructor, {
			submissionId: id,
			criteria: [
				{ criterionId: 'gateway', level: 1, points: 1.5, comment: '太笼统' },
				...ALL.slice(1)
			],
			comment: '不错',
			reason: 'override gateway',
			release: false
		});
		// Feedback arrives again (a regrade): the grade and its preselection stay the instructor's.
		makeSubmission(db, learner.id, STRONG_ANSWER_ZH);
		await feedbackFor(db, id + 1);
		const after = getGradingView(db, instructor, id)!;
		expect(after.grade).toMatchObject({ state: 'draft', rawPoints: 13.5, points: 13.5 });
		expect(after.start[0]).toMatchObject({
			level: 1,
			points: 1.5,
			from: 'grade',
			suggestedLevel: 2
		});
		expect(getReleasedGrade(db, id)).toBeNull();
	});

	it('keeps points within the chosen level’s range and every criterion graded', async () => {
		const { instructor, learner } = await makeGradingClass(db);
		const id = makeSubmission(db, learner.id, 'x');
		const rubric = resolveExerciseRubric(db, 'exercise-demo', 1)!;
		expect(levelRange(rubric.criteria[0], 0)).toEqual({ min: 0, max: 0 });
		expect(levelRange(rubric.criteria[0], 2)).toEqual({ min: 2, max: 4 });
		expect(levelRange(rubric.criteria[0], 7)).toBeNull();
		const save = (criteria: CriterionGradeInput[]) =>
			saveGrade(db, instructor, { submissionId: id, criteria, comment: '', release: false });
		expect(() => save([{ criterionId: 'gateway', level: 2, points: 5 }, ...ALL.slice(1)])).toThrow(
			new GradingError('points_out_of_range', 'gateway')
		);
		expect(() => save([{ criterionId: 'gateway', level: 9 }, ...ALL.slice(1)])).toThrow(
			GradingError
		);
		expect(() => save(ALL.slice(1))).toThrow(new GradingError('missing_criterion', 'gateway'));
		expect(audits('grade.save')).toHaveLength(0);
	});

	it('releases with the late penalty kept apart, notifies the learner and audits every change', async () => {
		const { instructor, learner } = await makeGradingClass(db);
		// Due 2027-06-30 23:59 Shanghai; submitted 2 started days late → 20 %.
		const id = makeSubmission(db, learner.id, 'late answer', {
			now: new Date('2027-07-02T10:00:00+08:00')
		});
		saveGrade(db, instructor, { submissionId: id, criteria: ALL, comment: '', release: false });
		// Saving the same draft again is not a change.
		saveGrade(db, instructor, { submissionId: id, criteria: ALL, comment: '', release: false });
		expect(audits('grade.save')).toHaveLength(1);
		expect(notes(learner.id, 'grade_released')).toHaveLength(0);
		const g = saveGrade(db, instructor, {
			submissionId: id,
			criteria: ALL,
			comment: 'Good',
			reason: 'first release',
			release: true
		});
		expect(g).toMatchObject({ state: 'released', rawPoints: 16, penaltyPercent: 20, points: 12.8 });
		expect(getReleasedGrade(db, id)).toMatchObject({
			points: 12.8,
			rawPoints: 16,
			maxPoints: 16,
			penaltyPercent: 20,
			comment: 'Good'
		});
		expect(notes(learner.id, 'grade_released')).toHaveLength(1);
		const [save2] = audits('grade.save').slice(-1);
		expect(save2).toMatchObject({ actorId: instructor.id, reason: 'first release' });
		expect(JSON.parse(save2.before!)).toMatchObject({ comment: '', state: 'draft' });
		expect(JSON.parse(save2.after!)).toMatchObject({ comment: 'Good' });
		expect(audits('grade.release')).toHaveLength(1);

		// An edit after release is a draft: the learner keeps seeing the released grade.
		saveGrade(db, instructor, {
			submissionId: id,
			criteria: [{ criterionId: 'gateway', level: 0 }, ...ALL.slice(1)],
			comment: 'Good',
			release: false
		});
		expect(getReleasedGrade(db, id)?.points).toBe(12.8);
		// An extension granted since waives the penalty on the next release.
		grantExtension(db, {
			itemId: 'exercise-demo',
			userId: learner.id,
			dueAt: new Date(Date.now() + 86_400_000),
			grantedBy: instructor.id
		});
		expect(releaseGrades(db, instructor, [id])).toEqual([id]);
		expect(getReleasedGrade(db, id)).toMatchObject({ points: 12, penaltyPercent: 0 });
		expect(db.select().from(gradeReleases).all()).toHaveLength(2);
		expect(notes(learner.id, 'grade_released')).toHaveLength(2);
	});

	it('audits an extension granted twice with the same date and reason once (a double post)', async () => {
		const { instructor, learner } = await makeGradingClass(db);
		const grant = (reason: string) =>
			grantExtension(db, {
				itemId: 'exercise-demo',
				userId: learner.id,
				dueAt: new Date('2027-07-07T04:00:00Z'),
				grantedBy: instructor.id,
				reason
			});
		grant('Ill');
		grant(' Ill ');
		const grants = () =>
			db.select().from(auditLog).where(eq(auditLog.action, 'exercise.extension_grant')).all();
		expect(grants()).toHaveLength(1);
		grant('Ill, and away');
		expect(grants()).toHaveLength(2);
	});

	it('lets an instructor grade only their cohorts’ learners (admins everyone)', async () => {
		const { instructor, learner } = await makeGradingClass(db);
		const other = await makeUser(db, { role: 'instructor' });
		const admin = await makeUser(db, { role: 'admin' });
		const id = makeSubmission(db, learner.id, 'x');
		expect(getGradingView(db, other, id)).toBeNull();
		expect(getGradingView(db, learner, id)).toBeNull();
		expect(getGradingView(db, admin, id)).not.toBeNull();
		expect(() =>
			saveGrade(db, other, { submissionId: id, criteria: ALL, comment: '', release: true })
		).toThrow(new GradingError('not_found'));
		expect(releaseGrades(db, other, [id])).toEqual([]);
		const q = (who: typeof instructor) =>
			listQueue(db, who, { state: 'all' }, { locale: 'en' }).rows.map((r) => r.submissionId);
		expect(q(instructor)).toEqual([id]);
		expect(q(other)).toEqual([]);
		expect(q(admin)).toEqual([id]);
	});
});

describe('the grading queue', () => {
	it('lists oldest first, filters by state and exercise, pages, and finds neighbours', async () => {
		const {
			instructor,
			cohort,
			learners: [learner, second, third]
		} = await makeGradingClass(db, { learners: [{}, {}, {}] });
		// Another instructor's class: never in this instructor's queue.
		await makeGradingClass(db);
		const a = makeSubmission(db, learner.id, 'a', { now: new Date('2027-07-02T10:00:00+08:00') });
		const b = makeSubmission(db, second.id, 'b');
		const c = makeSubmission(db, third.id, 'c');
		// A resubmission replaces the older one in the queue.
		const a2 = makeSubmission(db, learner.id, 'a2');
		const list = (state: Parameters<typeof listQueue>[2]['state'], page = 1) =>
			listQueue(
				db,
				instructor,
				{ state, cohortId: cohort.id },
				{ locale: 'zh-CN', page, pageSize: 2 }
			);
		expect(list('awaiting').total).toBe(3);
		expect(list('awaiting').rows.map((r) => r.submissionId)).toEqual([b, c]);
		expect(list('awaiting', 2).rows.map((r) => r.submissionId)).toEqual([a2]);
		expect(list('awaiting').rows[0].exerciseTitle).toBe('为银行助手设计网关');
		expect(list('late').rows.map((r) => r.submissionId)).toEqual([]);
		saveGrade(db, instructor, { submissionId: a, criteria: ALL, comment: '', release: true });
		// A graded older attempt stays listed.
		expect(list('late').rows.map((r) => r.submissionId)).toEqual([a]);
		expect(list('released').rows.map((r) => r.submissionId)).toEqual([a]);
		expect(list('offline').total).toBe(0);
		expect(
			listQueue(db, instructor, { state: 'all', itemId: 'nope' }, { locale: 'en' }).total
		).toBe(0);
		expect(queueNeighbours(db, instructor, { state: 'awaiting' }, c)).toEqual({
			previous: b,
			next: a2
		});
		// Counting stops past the limit: "more than 2", and the pages past it still list.
		const capped = (page: number) =>
			listQueue(
				db,
				instructor,
				{ state: 'all', cohortId: cohort.id },
				{ locale: 'en', page, pageSize: 1, countLimit: 2 }
			);
		expect(capped(1)).toMatchObject({ total: 2, more: true });
		expect(capped(4).rows.map((r) => r.submissionId)).toEqual([a2]);
		expect(
			listQueue(db, instructor, { state: 'all' }, { locale: 'en', countLimit: 4 })
		).toMatchObject({ total: 4, more: false });
	});
});
