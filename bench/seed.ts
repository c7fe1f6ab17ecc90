// Seeds a large benchmark database with the app's own functions (the test factories' building
// blocks), in big transactions: users, exercises' submissions with offline feedback, Q&A threads
// with answers and comments. Used by bench/run.ts; run alone with `tsx bench/seed.ts <dir>`.
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { openDatabase, type Db } from '../src/lib/server/db';
import { runMigrations } from '../src/lib/server/db/migrate';
import { cohortMembers, feedbackJobs, type User } from '../src/lib/server/db/schema';
import { createCohort } from '../src/lib/server/cohorts';
import { createUser } from '../src/lib/server/auth/user';
import { syncContentAtStart } from '../src/lib/server/content/startup-sync';
import { getExerciseById, listExercises, submitExercise } from '../src/lib/server/exercises';
import { resolveExerciseRubric, storeExerciseRubrics } from '../src/lib/server/exercises/rubrics';
import { runOfflineCheck, type FeedbackResult } from '../src/lib/server/feedback';
import { insertFeedback } from '../src/lib/server/feedback/store';
import { saveGrade } from '../src/lib/server/grading/save';
import { startAttempt, submitAttempt } from '../src/lib/server/quiz/attempts';
import { listQuizInfos } from '../src/lib/server/quiz/queries';
import { QUESTION_KIND, addAnswer, addComment, createThread } from '../src/lib/server/forum';
import { indexTokens } from '../src/lib/server/search/tokenize';
import { factoryPasswordHash, makeSession } from '../tests/support/factories';
import {
	STRONG_ANSWER_EN,
	STRONG_ANSWER_ZH,
	writeExercise
} from '../tests/support/exercise-content';

export type SeedSize = {
	learners: number;
	exercises: number;
	submissions: number;
	posts: number;
};
export const FULL: SeedSize = {
	learners: 5_000,
	exercises: 20,
	submissions: 50_000,
	posts: 100_000
};

export type Seeded = {
	dbPath: string;
	contentDir: string;
	counts: SeedSize & { threads: number };
	/** Cookies of a learner (with submissions) and of an instructor. */
	learnerCookie: string;
	instructorCookie: string;
	/** A thread with answers, a shipped case and module, for the page list. */
	threadId: number;
	seconds: Record<string, number>;
};

/** A small deterministic PRNG (mulberry32), so every run seeds the same data. */
function rng(seed: number) {
	return () => {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const TOPICS: Array<[string, string]> = [
	['网关', 'gateway'],
	['鉴权', 'authentication'],
	['熔断', 'circuit breaker'],
	['限流', 'rate limit'],
	['缓存', 'cache'],
	['向量数据库', 'vector database'],
	['检索增强生成', 'retrieval augmented generation'],
	['提示词', 'prompt'],
	['幂等键', 'idempotency key'],
	['监控告警', 'monitoring alerts'],
	['日志脱敏', 'log masking'],
	['降级策略', 'fallback strategy'],
	['消息队列', 'message queue'],
	['批处理', 'batch processing'],
	['流式输出', 'streaming output'],
	['结构化输出', 'structured output'],
	['成本控制', 'cost control'],
	['私有化部署', 'on-premises deployment'],
	['数据安全法', 'data security law'],
	['微服务', 'microservices']
];

function sentence(r: () => number, zh: boolean, n: number): string {
	const pick = () => TOPICS[Math.floor(r() * TOPICS.length)][zh ? 0 : 1];
	const parts: string[] = [];
	for (let i = 0; i < n; i++) {
		parts.push(
			zh
				? `在${pick()}和${pick()}之间如何取舍？我们的系统每秒有 ${Math.floor(r() * 500)} 个请求。`
				: `How do we balance ${pick()} against ${pick()}? Our system serves ${Math.floor(r() * 500)} requests per second.`
		);
	}
	return parts.join(zh ? '' : ' ');
}

function timed<T>(seconds: Record<string, number>, name: string, fn: () => T): T {
	const t = performance.now();
	const out = fn();
	seconds[name] = Math.round((performance.now() - t) / 100) / 10;
	console.log(`bench: seeded ${name} in ${seconds[name]} s`);
	return out;
}

type Row = Record<string, unknown>;
const stmts = new Map<string, ReturnType<Db['$client']['prepare']>>();
const prepared = (db: Db, sql: string) => {
	let st = stmts.get(sql);
	if (!st) stmts.set(sql, (st = db.$client.prepare(sql)));
	return st;
};

/** Rows of `table` where each column equals its value (use an index's columns), SQL column names. */
function rowsOf(db: Db, table: string, where: Row): Row[] {
	const cols = Object.keys(where);
	const sql = `SELECT * FROM "${table}" WHERE ${cols.map((c) => `"${c}" = @${c}`).join(' AND ')}`;
	return prepared(db, sql).all(where) as Row[];
}

/**
 * Inserts a copy of `row` into `table` with `overrides` (SQL column names; `id` left to SQLite
 * unless overridden). Bulk seeding copies rows the app's own functions wrote, so every column is
 * as the app writes it. @returns the new rowid
 */
function cloneRow(db: Db, table: string, row: Row, overrides: Row = {}): number {
	const values: Row = { ...row, ...overrides };
	if (!('id' in overrides)) delete values.id;
	for (const k of Object.keys(overrides))
		if (!(k in row)) throw new Error(`${table} has no column ${k}`);
	const cols = Object.keys(values);
	const sql = `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map((c) => `@${c}`).join(',')})`;
	return Number(prepared(db, sql).run(values).lastInsertRowid);
}

/** Runs `fn(i)` for i in [0, n) in transactions of `batch` (bulk inserts stay fast). */
function inBatches(db: Db, n: number, batch: number, fn: (i: number) => void): void {
	for (let start = 0; start < n; start += batch) {
		db.$client.transaction(() => {
			for (let i = start; i < Math.min(n, start + batch); i++) fn(i);
		})();
	}
}

/**
 * Creates `<dir>/casebook.db` (migrated, content synced from a copy of cases/ plus bench exercises up
 * to `size.exercises`) and fills it. Idempotency keys and content are deterministic.
 */
export async function seed(dir: string, size: SeedSize = FULL): Promise<Seeded> {
	const seconds: Record<string, number> = {};
	const r = rng(12);
	const contentDir = join(dir, 'cases');
	mkdirSync(dir, { recursive: true });
	cpSync('cases', contentDir, { recursive: true });
	const dbPath = join(dir, 'casebook.db');
	const db = openDatabase(dbPath);
	db.$client.pragma('synchronous = OFF'); // seeding only; the server reopens with NORMAL
	runMigrations(db, './migrations');

	timed(seconds, 'content', () => {
		// Bench exercises beyond the shipped ones, in the test format (tests/support/exercise-content.ts).
		syncContentAtStart(db, contentDir);
		const shipped = listExercises(db, 'en').length;
		for (let i = shipped; i < size.exercises; i++)
			writeExercise(contentDir, `bench-${i}`, {
				id: `exercise-bench-${i}`,
				case: null,
				attemptLimit: 5,
				maxChars: 4000
			});
		syncContentAtStart(db, contentDir);
		storeExerciseRubrics(db);
	});
	const exercises = listExercises(db, 'en')
		.slice(0, size.exercises)
		.map((e) => getExerciseById(db, e.id, 'en')!);

	const hash = await factoryPasswordHash();
	const learners: User[] = [];
	const instructor = createUser(db, {
		email: 'bench-instructor@example.test',
		displayName: 'Bench Instructor',
		passwordHash: hash,
		role: 'instructor'
	});
	timed(seconds, 'learners', () =>
		inBatches(db, size.learners, 1000, (i) => {
			learners.push(
				createUser(db, {
					email: `bench-learner-${i}@example.test`,
					displayName: `学员 ${i}`,
					passwordHash: hash,
					role: 'learner'
				})
			);
		})
	);

	// One cohort taught by the bench instructor holding every learner (the gradebook's and grading
	// queue's worst case). Members are inserted directly: joining by code would also notify the
	// instructor once per learner.
	const cohort = createCohort(db, instructor, {
		name: 'Bench cohort',
		startDate: '2026-09-01',
		endDate: '2027-01-31',
		timeZone: 'Asia/Shanghai'
	});
	inBatches(db, learners.length, 1000, (i) => {
		db.insert(cohortMembers).values({ cohortId: cohort.id, userId: learners[i].id }).run();
	});

	// Offline feedback per (exercise, answer variant), computed once and stored for each submission.
	const answers = [
		STRONG_ANSWER_ZH,
		STRONG_ANSWER_EN,
		'## 方案\n\n使用网关统一入口，其余待补充。',
		'## Design\n\nA gateway in front; the rest is still open.'
	];
	const results = new Map<string, FeedbackResult>();
	const resultFor = (itemId: string, version: number, v: number): FeedbackResult => {
		const key = `${itemId}:${v}`;
		let res = results.get(key);
		if (!res) {
			const rubric = resolveExerciseRubric(db, itemId, version);
			if (!rubric) throw new Error(`no rubric for ${itemId}`);
			res = runOfflineCheck(rubric, answers[v], v % 2 === 0 ? 'zh-CN' : 'en', 'no_provider');
			results.set(key, res);
		}
		return res;
	};
	// Each (exercise, answer) pair is submitted once through the app (submitExercise: submission,
	// feedback job, attempt, draft) and given its offline feedback; every further submission of that
	// pair is a copy of those rows for another learner.
	const templates = new Map<string, number>();
	/** [copy, template] submission ids, for the grades below. */
	const copies: Array<[number, number]> = [];
	timed(seconds, 'submissions', () =>
		inBatches(db, size.submissions, 5000, (i) => {
			const learner = learners[i % learners.length];
			const round = Math.floor(i / learners.length);
			const ex = exercises[(learner.id + round) % exercises.length];
			const v = Math.floor(r() * answers.length);
			const key = `${ex.id}:${v}`;
			const template = templates.get(key);
			if (template === undefined) {
				const s = submitExercise(db, {
					userId: learner.id,
					itemId: ex.id,
					locale: v % 2 === 0 ? 'zh-CN' : 'en',
					answer: answers[v],
					idempotencyKey: `bench-submission-${i}`,
					pipelineMaxChars: 20_000
				});
				if (!s.ok) throw new Error(`submission ${i} refused: ${s.reason}`);
				const job = db
					.select({ id: feedbackJobs.id })
					.from(feedbackJobs)
					.where(eq(feedbackJobs.submissionId, s.submissionId))
					.get()!;
				insertFeedback(db, s.submissionId, job.id, resultFor(ex.id, ex.version, v));
				db.update(feedbackJobs)
					.set({ state: 'done', reason: 'no_provider', attempts: 1 })
					.where(eq(feedbackJobs.id, job.id))
					.run();
				templates.set(key, s.submissionId);
				return;
			}
			const at = Date.now() - (size.submissions - i) * 1000;
			const sub = rowsOf(db, 'submissions', { id: template })[0];
			const id = cloneRow(db, 'submissions', sub, {
				user_id: learner.id,
				idempotency_key: `bench-submission-${i}`,
				created_at: at
			});
			copies.push([id, template]);
			const jobs = new Map<unknown, number>();
			for (const job of rowsOf(db, 'feedback_jobs', { submission_id: template }))
				jobs.set(job.id, cloneRow(db, 'feedback_jobs', job, { submission_id: id }));
			for (const meta of rowsOf(db, 'exercise_submissions', { submission_id: template }))
				cloneRow(db, 'exercise_submissions', meta, { submission_id: id, user_id: learner.id });
			for (const fb of rowsOf(db, 'feedback', { submission_id: template })) {
				const fbId = cloneRow(db, 'feedback', fb, {
					submission_id: id,
					job_id: jobs.get(fb.job_id) ?? null
				});
				for (const c of rowsOf(db, 'feedback_criteria', { feedback_id: fb.id }))
					cloneRow(db, 'feedback_criteria', c, { feedback_id: fbId });
			}
		})
	);

	// Grades, so the gradebook has numbers: every template submission gets a released grade from the
	// instructor through the app (saveGrade: criteria, penalty, audit, release), with levels drawn
	// at random; about 60 % of the copies get a copy of their template's grade rows.
	timed(seconds, 'grades', () => {
		db.$client.transaction(() => {
			for (const template of templates.values()) {
				const sub = rowsOf(db, 'submissions', { id: template })[0];
				const rubric = resolveExerciseRubric(db, String(sub.item_id), Number(sub.item_version));
				if (!rubric) throw new Error(`no rubric for ${sub.item_id}`);
				saveGrade(db, instructor, {
					submissionId: template,
					criteria: rubric.criteria.map((c) => ({
						criterionId: c.id,
						level: c.levels[Math.floor(r() * c.levels.length)].level
					})),
					comment: '',
					release: true
				});
			}
		})();
		inBatches(db, copies.length, 5000, (i) => {
			if (r() >= 0.6) return;
			const [id, template] = copies[i];
			for (const table of ['grades', 'grade_criteria', 'grade_releases'])
				for (const row of rowsOf(db, table, { submission_id: template }))
					cloneRow(db, table, row, { submission_id: id });
		});
	});

	// Quiz attempts, so quiz columns have numbers: for each quiz, QUIZ_TEMPLATES attempts with random
	// answers go through the app (startAttempt, submitAttempt: scoring); about 70 % of learners get
	// a copy of one of them as their first attempt, and a third of those a second one.
	const QUIZ_TEMPLATES = 4;
	const quizClock = { graceMs: 0 };
	timed(seconds, 'quizzes', () => {
		for (const quiz of listQuizInfos(db, 'en')) {
			const graded: number[] = [];
			for (let t = 0; t < QUIZ_TEMPLATES && t < learners.length; t++) {
				const userId = learners[t].id;
				const { attempt } = startAttempt(db, { userId, quizId: quiz.id }, quizClock);
				const answers = new Map(
					Object.entries(attempt.optionOrder).map(([q, options]) => [
						q,
						[options[Math.floor(r() * options.length)]]
					])
				);
				submitAttempt(db, { userId, attemptId: attempt.id, answers }, quizClock);
				graded.push(attempt.id);
			}
			const rows = graded.map((id) => rowsOf(db, 'quiz_attempts', { id })[0]);
			inBatches(db, learners.length, 5000, (i) => {
				if (i < QUIZ_TEMPLATES || r() >= 0.7) return;
				const tries = r() < 1 / 3 ? 2 : 1;
				for (let n = 1; n <= tries; n++)
					cloneRow(db, 'quiz_attempts', rows[Math.floor(r() * rows.length)], {
						user_id: learners[i].id,
						number: n
					});
			});
		}
	});

	// Q&A: threads of 1 question + 3 answers + 1 comment (5 posts), by random learners. The first
	// TEMPLATE_THREADS go through the app (createThread, addAnswer, addComment: rendering, tags,
	// revisions, notifications, search documents); the rest copy their rows with another title,
	// authors and times.
	const perThread = 5;
	const threads = Math.ceil(size.posts / perThread);
	const TEMPLATE_THREADS = Math.min(threads, 200);
	const templateThreads: number[] = [];
	let threadId = 0;
	const base = Date.now() - threads * 60_000;
	const who = () => learners[Math.floor(r() * learners.length)];
	const title = (i: number) =>
		i % 2 === 0
			? `关于${TOPICS[i % TOPICS.length][0]}和${TOPICS[(i * 7) % TOPICS.length][0]}的问题 ${i}`
			: `Question ${i} about ${TOPICS[i % TOPICS.length][1]} and ${TOPICS[(i * 7) % TOPICS.length][1]}`;
	timed(seconds, 'forum', () =>
		inBatches(db, threads, 2000, (i) => {
			const zh = i % 2 === 0;
			const at = new Date(base + i * 60_000);
			if (i < TEMPLATE_THREADS) {
				const t = createThread(
					db,
					who(),
					{ title: title(i), body: sentence(r, zh, 3), tags: [`module:${(i % 10) + 1}`] },
					at
				);
				let last = 0;
				for (let k = 0; k < perThread - 2; k++)
					last = addAnswer(
						db,
						who(),
						t.id,
						sentence(r, zh, 2),
						new Date(at.getTime() + k * 1000)
					).id;
				addComment(db, who(), t.id, last, zh ? '同意，补充一点。' : 'Agreed, one more point.');
				templateThreads.push(t.id);
				threadId = t.id;
				return;
			}
			const template = templateThreads[i % TEMPLATE_THREADS];
			const thread = rowsOf(db, 'forum_threads', { id: template })[0];
			const id = cloneRow(db, 'forum_threads', thread, {
				title: title(i),
				author_id: who().id,
				accepted_answer_id: null,
				endorsed_answer_id: null,
				created_at: at.getTime(),
				last_activity_at: at.getTime() + 5000
			});
			const posts = new Map<unknown, number>();
			for (const post of rowsOf(db, 'forum_posts', { thread_id: template })) {
				const postId = cloneRow(db, 'forum_posts', post, {
					thread_id: id,
					author_id: who().id,
					parent_id: post.parent_id === null ? null : (posts.get(post.parent_id) ?? null),
					created_at: at.getTime() + posts.size * 1000
				});
				posts.set(post.id, postId);
				for (const rev of rowsOf(db, 'forum_revisions', { post_id: post.id }))
					cloneRow(db, 'forum_revisions', rev, { post_id: postId });
			}
			for (const tag of rowsOf(db, 'forum_thread_tags', { thread_id: template }))
				cloneRow(db, 'forum_thread_tags', tag, { thread_id: id });
			// The thread's search documents (one per language): the template's body tokens, the new title
			// tokenised by the search's own tokenizer.
			const newTitle = title(i);
			const tokens = indexTokens(newTitle);
			for (const doc of rowsOf(db, 'search_documents', {
				kind: QUESTION_KIND,
				doc_id: String(template)
			})) {
				const docId = cloneRow(db, 'search_documents', doc, {
					doc_id: String(id),
					title: newTitle,
					url: String(doc.url).replace(`/${template}`, `/${id}`)
				});
				prepared(
					db,
					`INSERT INTO search_fts (rowid, title_bi, title_uni, body_bi, body_uni)
					 SELECT ?, ?, ?, body_bi, body_uni FROM search_fts WHERE rowid = ?`
				).run(docId, tokens.bi, tokens.uni, doc.id);
			}
			threadId = id;
		})
	);
	const learnerCookie = makeSession(db, learners[0].id).cookie;
	const instructorCookie = makeSession(db, instructor.id).cookie;
	db.$client.pragma('wal_checkpoint(TRUNCATE)');
	db.$client.exec('ANALYZE');
	db.$client.close();
	return {
		dbPath,
		contentDir,
		counts: { ...size, threads },
		learnerCookie,
		instructorCookie,
		threadId,
		seconds
	};
}
