import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { get, postForm, serverDb } from '../support/http';
import { makeSession, makeUser } from '../support/factories';
import { makeGradingClass, makeSubmission, topLevels } from '../support/grading';
import { labAttempts, notifications } from '../../src/lib/server/db/schema';
import { getLabById } from '../../src/lib/server/labs';
import { resolveExerciseRubric } from '../../src/lib/server/exercises';
import { listThread, saveGrade } from '../../src/lib/server/grading';

const ITEM = 'exercise-banking-kb-design';

async function setUp(learnerName = '王小明') {
	const db = serverDb();
	const { instructor, learner, cohort } = await makeGradingClass(db, {
		learners: [{ displayName: learnerName }]
	});
	const id = makeSubmission(db, learner.id, '网关、熔断、降级。', { itemId: ITEM });
	const top = topLevels(resolveExerciseRubric(db, ITEM, 1)!);
	return { db, instructor, learner, cohort, id, top };
}

describe('grading over HTTP', () => {
	it('exports the gradebook as CSV with a BOM, the released grade only, escaped names', async () => {
		const { db, instructor, learner, cohort, id, top } = await setUp('王, "小明"');
		const cookie = makeSession(db, instructor.id).cookie;
		const path = `/en/instructor/gradebook/export?cohort=${cohort.id}`;
		let res = await get(path, { cookie });
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		let body = new Uint8Array(await res.arrayBuffer());
		expect([...body.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		let text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
		expect(text).toMatch(/^\ufeffName,Email,/);
		expect(text).toContain('"王, ""小明"""');
		expect(text).not.toMatch(/\d+\.00/);
		saveGrade(db, instructor, { submissionId: id, criteria: top, comment: '', release: true });
		res = await get(path, { cookie });
		body = new Uint8Array(await res.arrayBuffer());
		text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
		expect(text).toMatch(/"王, ""小明""",[^,]+,.*\d+\.00/);
		// Labs have their columns too (registered at start-up): the best attempt in percent.
		const lab = getLabById(db, 'lab-interface-schema-ticket-classifier', 'en')!;
		db.insert(labAttempts)
			.values({
				userId: learner.id,
				itemId: lab.id,
				itemVersion: lab.version,
				step: 'schema',
				locale: 'en',
				attempt: 1,
				answer: {},
				score: 12,
				maxScore: 15,
				passed: true,
				idempotencyKey: `csv-lab-${learner.id}`
			})
			.run();
		text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(
			new Uint8Array(await (await get(path, { cookie })).arrayBuffer())
		);
		expect(text.split('\r\n')[0]).toContain(`${lab.title} (max 100)`);
		expect(text).toMatch(/"王, ""小明""",[^\r]*,80\.00/);
		// Another instructor's cohort is not found.
		const other = await makeUser(db, { role: 'instructor' });
		res = await get(path, { cookie: makeSession(db, other.id).cookie });
		expect(res.status).toBe(404);
	});

	it('lets the learner comment and ask for a regrade, which notifies the instructor', async () => {
		const { db, instructor, learner, id, top } = await setUp();
		const cookie = makeSession(db, learner.id).cookie;
		let res = await postForm(
			`/en/submissions/${id}?/comment`,
			{ body: '请问第二项？' },
			{ cookie }
		);
		expect(res.status).toBe(303);
		saveGrade(db, instructor, { submissionId: id, criteria: top, comment: 'OK', release: true });
		const page = await (await get(`/en/submissions/${id}`, { cookie })).text();
		expect(page).toContain('data-testid="released-grade"');
		res = await postForm(`/en/submissions/${id}?/regrade`, { body: '' }, { cookie });
		expect(res.status).toBe(400);
		res = await postForm(
			`/en/submissions/${id}?/regrade`,
			{ body: '我写了降级方案。' },
			{ cookie }
		);
		expect(res.status).toBe(303);
		expect(listThread(db, id).map((c) => c.kind)).toEqual(['comment', 'regrade_request']);
		const kinds = db
			.select({ kind: notifications.kind })
			.from(notifications)
			.where(eq(notifications.userId, instructor.id))
			.all()
			.map((n) => n.kind);
		expect(kinds).toEqual(expect.arrayContaining(['submission_comment', 'regrade_requested']));
		const queue = await (
			await get('/en/instructor/grading?state=regrade', {
				cookie: makeSession(db, instructor.id).cookie
			})
		).text();
		expect(queue).toContain(`/en/instructor/grading/${id}?state=regrade`);
	});
});
