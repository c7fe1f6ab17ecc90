import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { get, postForm, serverDb } from '../support/http';
import { makeSession, makeUser } from '../support/factories';
import { makeGradingClass, makeSubmission } from '../support/grading';
import { startBuiltServer, type RunningServer } from '../support/server';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { gradeCriteria, grades, submissionComments } from '../../src/lib/server/db/schema';
import { resolveExerciseRubric } from '../../src/lib/server/exercises';
import { listThread, saveGrade } from '../../src/lib/server/grading';

/**
 * An attacker's pass over grading (the grading view, the submission page's private thread and
 * regrade requests, the queue, batch regrades): forged fields and ids, another cohort's instructor,
 * script in posts, cross-site posts, double posts; rate limits and archive mode on a server of
 * their own. (Who gets past each guard is in authz-matrix.test.ts, `otherInstructor` included.)
 */

const ITEM = 'exercise-banking-kb-design';
const XSS = '<script>alert(1)</script> <img src=x onerror=alert(2)> [link](javascript:alert(3))';

async function setUp() {
	const db = serverDb();
	const { instructor, learner, cohort } = await makeGradingClass(db);
	// Another instructor, with a cohort of their own (empty).
	const { instructor: stranger } = await makeGradingClass(db, { learners: [] });
	const id = makeSubmission(db, learner.id, '网关、熔断、降级。', { itemId: ITEM });
	const rubric = resolveExerciseRubric(db, ITEM, 1)!;
	return {
		db,
		instructor,
		stranger,
		learner,
		cohort,
		id,
		rubric,
		teacher: makeSession(db, instructor.id).cookie,
		other: makeSession(db, stranger.id).cookie,
		mine: makeSession(db, learner.id).cookie
	};
}

/** The save form for every criterion at its lowest level, with `extra` fields on top. */
function saveFields(rubric: NonNullable<ReturnType<typeof resolveExerciseRubric>>) {
	const fields: Record<string, string> = { intent: 'draft', comment: '', reason: '' };
	for (const c of rubric.criteria) fields[`level-${c.id}`] = String(c.levels[0].level);
	return fields;
}

const html = async (path: string, cookie: string) => {
	const res = await get(path, { cookie, headers: { accept: 'text/html' } });
	return { status: res.status, text: await res.text() };
};

describe('grading under attack', () => {
	it('hides a learner’s submission, stream and grading view from an instructor of another cohort', async () => {
		const { db, id, teacher, other, mine } = await setUp();
		expect((await html(`/en/submissions/${id}`, mine)).status).toBe(200);
		expect((await html(`/en/submissions/${id}`, teacher)).status).toBe(200);
		expect((await html(`/en/submissions/${id}`, other)).status).toBe(404);
		expect((await html(`/en/instructor/grading/${id}`, other)).status).toBe(404);
		const stream = await get(`/en/submissions/${id}/events`, { cookie: other });
		expect(stream.status).toBe(404);
		await stream.body?.cancel();
		// Nor may they write: a comment on either page, a grade, an extension.
		for (const path of [`/en/submissions/${id}?/comment`, `/en/instructor/grading/${id}?/comment`])
			expect((await postForm(path, { body: 'Hello' }, { cookie: other })).status).toBe(404);
		const save = await postForm(
			`/en/instructor/grading/${id}?/save`,
			saveFields(resolveExerciseRubric(db, ITEM, 1)!),
			{ cookie: other }
		);
		expect(save.status).toBe(404);
		const extend = await postForm(
			`/en/instructor/grading/${id}?/extend`,
			{ dueAt: '2099-01-01T12:00', reason: 'x' },
			{ cookie: other }
		);
		expect(extend.status).toBe(404);
		expect(db.select().from(grades).where(eq(grades.submissionId, id)).get()).toBeUndefined();
		expect(listThread(db, id)).toEqual([]);
	});

	it('skips another cohort’s submissions in the queue’s bulk release', async () => {
		const { db, instructor, id, rubric, other } = await setUp();
		const top = rubric.criteria.map((c) => ({ criterionId: c.id, level: c.levels[0].level }));
		saveGrade(db, instructor, { submissionId: id, criteria: top, comment: '', release: false });
		const res = await postForm(
			'/en/instructor/grading?/release',
			{ id: String(id) },
			{ cookie: other }
		);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toContain('released=0');
		expect(db.select().from(grades).where(eq(grades.submissionId, id)).get()?.state).toBe('draft');
	});

	it('refuses levels and points outside the rubric, and over-long comments, saving nothing', async () => {
		const { db, id, rubric, teacher } = await setUp();
		const c = rubric.criteria[0];
		const top = Math.max(...c.levels.map((l) => l.points));
		const forged: Array<Record<string, string>> = [
			{ [`level-${c.id}`]: '99' },
			{ [`level-${c.id}`]: 'abc' },
			{ [`level-${c.id}`]: '1.5' },
			{ [`level-${c.id}`]: '' },
			{ [`points-${c.id}`]: '-1' },
			{ [`points-${c.id}`]: 'NaN' },
			{ [`points-${c.id}`]: 'Infinity' },
			{ [`points-${c.id}`]: '1e309' },
			{ [`points-${c.id}`]: String(top + 1) },
			{ [`comment-${c.id}`]: 'x'.repeat(4001) },
			{ comment: 'x'.repeat(4001) },
			{ reason: 'x'.repeat(501) },
			{ intent: 'publish' }
		];
		for (const extra of forged) {
			const res = await postForm(
				`/en/instructor/grading/${id}?/save`,
				{ ...saveFields(rubric), ...extra },
				{ cookie: teacher }
			);
			expect([Object.keys(extra)[0], res.status]).toEqual([Object.keys(extra)[0], 400]);
		}
		expect(db.select().from(grades).where(eq(grades.submissionId, id)).get()).toBeUndefined();
		// A criterion the rubric does not have is ignored; the grade is saved once.
		const ok = await postForm(
			`/en/instructor/grading/${id}?/save`,
			{ ...saveFields(rubric), 'level-forged': '3', 'points-forged': '1000' },
			{ cookie: teacher }
		);
		expect(ok.status).toBe(303);
		const rows = db.select().from(gradeCriteria).where(eq(gradeCriteria.submissionId, id)).all();
		expect(rows.map((r) => r.criterionId).sort()).toEqual(rubric.criteria.map((x) => x.id).sort());
	});

	it('renders script in thread posts, regrade reasons and grade comments as harmless text', async () => {
		const { db, instructor, id, rubric, teacher, mine } = await setUp();
		expect(
			(await postForm(`/en/submissions/${id}?/comment`, { body: XSS }, { cookie: mine })).status
		).toBe(303);
		const top = rubric.criteria.map((c) => ({
			criterionId: c.id,
			level: c.levels[0].level,
			comment: XSS
		}));
		saveGrade(db, instructor, { submissionId: id, criteria: top, comment: XSS, release: true });
		expect(
			(await postForm(`/en/submissions/${id}?/regrade`, { body: XSS }, { cookie: mine })).status
		).toBe(303);
		expect(
			(await postForm(`/en/instructor/grading/${id}?/comment`, { body: XSS }, { cookie: teacher }))
				.status
		).toBe(303);
		for (const [path, cookie] of [
			[`/en/submissions/${id}`, mine],
			[`/en/instructor/grading/${id}`, teacher]
		]) {
			const { status, text } = await html(path, cookie);
			expect(status).toBe(200);
			expect(text).not.toContain('<script>alert');
			expect(text).not.toMatch(/<img[^>]*onerror/i);
			expect(text).not.toMatch(/href="javascript:/i);
			expect(text).toContain('alert(1)'); // the text itself is still there, escaped
		}
	});

	it('refuses cross-site posts to grading actions (SvelteKit’s origin check)', async () => {
		const { db, id, rubric, teacher, mine } = await setUp();
		const evil = { origin: 'https://evil.example' };
		const tries: Array<[string, Record<string, string>, string]> = [
			[`/en/instructor/grading/${id}?/save`, saveFields(rubric), teacher],
			[`/en/instructor/grading/${id}?/comment`, { body: 'csrf' }, teacher],
			[`/en/submissions/${id}?/comment`, { body: 'csrf' }, mine],
			['/en/instructor/regrade?/start', { itemId: ITEM }, teacher]
		];
		for (const [path, fields, cookie] of tries)
			expect([path, (await postForm(path, fields, { cookie, ...evil })).status]).toEqual([
				path,
				403
			]);
		expect(db.select().from(grades).where(eq(grades.submissionId, id)).get()).toBeUndefined();
		expect(listThread(db, id)).toEqual([]);
	});

	it('keeps one comment when the same comment is posted twice (double click, resent form)', async () => {
		const { db, id, mine, teacher } = await setUp();
		for (let i = 0; i < 2; i++)
			expect(
				(await postForm(`/en/submissions/${id}?/comment`, { body: 'Twice?' }, { cookie: mine }))
					.status
			).toBe(303);
		await Promise.all(
			[0, 1].map(() =>
				postForm(`/en/instructor/grading/${id}?/comment`, { body: 'Yes.' }, { cookie: teacher })
			)
		);
		expect(
			db
				.select({ body: submissionComments.body })
				.from(submissionComments)
				.where(eq(submissionComments.submissionId, id))
				.all()
		).toEqual([{ body: 'Twice?' }, { body: 'Yes.' }]);
	});
});

// Rate limits and archive mode are per process and site-wide: a server of their own, with small limits.
describe('grading limits and archive mode', () => {
	let srv: RunningServer;
	let db: Db;
	beforeAll(async () => {
		srv = await startBuiltServer({
			CASEBOOK_QUIET: 'true', // no content sync: faster start (the limits come before any lookup)
			RATE_LIMIT_REGRADE_WINDOW_MS: '60000',
			RATE_LIMIT_REGRADE_BATCHES: '2',
			RATE_LIMIT_REGRADE_REQUESTS: '2',
			RATE_LIMIT_THREAD_COMMENTS: '2'
		});
		db = openDatabase(srv.dbPath);
	});
	afterAll(async () => {
		db?.$client.close();
		await srv?.stop();
	});
	const cookieOf = async (role: 'learner' | 'instructor' | 'admin') =>
		makeSession(db, (await makeUser(db, { role })).id).cookie;

	/**
	 * A form action posted as `use:enhance` does (JSON answer, so a missing submission's page load
	 * does not hide the action's own status): the status and the message.
	 */
	async function action(path: string, fields: Record<string, string>, cookie: string) {
		const res = await postForm(path, fields, {
			cookie,
			base: srv.url,
			headers: { accept: 'application/json', 'x-sveltekit-action': 'true' }
		});
		const body = (await res.json()) as {
			type: string;
			status?: number;
			data?: string;
			error?: { message: string };
		};
		if (body.type === 'error') return { status: res.status, message: body.error?.message ?? '' };
		return { status: body.status ?? res.status, message: body.data ?? '' };
	}
	/** Statuses of three posts of the same action, and the last answer's message. */
	async function thrice(path: string, fields: Record<string, string>, cookie: string) {
		const statuses: number[] = [];
		let last = '';
		for (let i = 0; i < 3; i++) {
			const r = await action(path, fields, cookie);
			statuses.push(r.status);
			last = r.message;
		}
		return { statuses, last };
	}

	it('limits batch regrade actions per instructor, with a localised 429', async () => {
		const teacher = await cookieOf('instructor');
		const start = await thrice('/en/instructor/regrade?/start', {}, teacher);
		expect(start.statuses).toEqual([400, 400, 429]);
		expect(start.last).toContain('Too many regrade actions');
		// Cancels count in the same budget; the Chinese page says it in Chinese.
		const cancel = await action('/instructor/regrade?/cancel', { batchId: '1' }, teacher);
		expect(cancel.status).toBe(429);
		expect(cancel.message).toContain('重评操作过于频繁');
		// Another instructor has their own budget.
		expect(
			(await action('/en/instructor/regrade?/start', {}, await cookieOf('instructor'))).status
		).toBe(400);
	});

	it('limits a learner’s regrade requests, and thread comments on both pages', async () => {
		const learner = await cookieOf('learner');
		const regrade = await thrice('/en/submissions/999999?/regrade', { body: 'again' }, learner);
		expect(regrade.statuses).toEqual([404, 404, 429]);
		expect(regrade.last).toContain('Too many regrade requests');
		const comment = await thrice('/en/submissions/999999?/comment', { body: 'hi' }, learner);
		expect(comment.statuses).toEqual([404, 404, 429]);
		expect(comment.last).toContain('Too many comments');
		const staff = await thrice(
			'/en/instructor/grading/999999?/comment',
			{ body: 'hi' },
			await cookieOf('instructor')
		);
		expect(staff.statuses).toEqual([404, 404, 429]);
	});

	it('refuses every grading write in archive mode', async () => {
		const admin = await cookieOf('admin');
		const setArchive = (on: boolean) =>
			postForm(
				'/en/admin/settings?/save',
				{ archiveMode: String(on) },
				{ cookie: admin, base: srv.url }
			);
		expect((await setArchive(true)).status).toBe(303);
		try {
			const teacher = await cookieOf('instructor');
			const learner = await cookieOf('learner');
			const writes: Array<[string, string]> = [
				['/en/instructor/grading/1?/save', teacher],
				['/en/instructor/grading/1?/comment', teacher],
				['/en/instructor/grading/1?/extend', teacher],
				['/en/instructor/grading/1?/revokeExtension', teacher],
				['/en/instructor/grading?/release', teacher],
				['/en/instructor/regrade?/start', teacher],
				['/en/instructor/regrade?/cancel', teacher],
				['/en/submissions/1?/comment', learner],
				['/en/submissions/1?/regrade', learner]
			];
			for (const [path, cookie] of writes)
				expect([path, (await postForm(path, {}, { cookie, base: srv.url })).status]).toEqual([
					path,
					403
				]);
		} finally {
			await setArchive(false);
		}
	});
});
