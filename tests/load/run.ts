// `npm run test:load [-- --short]`: the load-and-fault test of issue #12. For five minutes (60 s with
// --short, which CI runs) 200 browsing users and 50 users submitting answers use the built server,
// while the fake OpenAI-compatible provider fails 30 % of calls and the server is killed with SIGKILL
// once (at 40 % of the run) and restarted on the same database. Then it checks and reports:
//   - every submission the server acknowledged (303) is stored, once; none is lost or doubled
//     (unacknowledged ones — cut by the kill — are resent with the same idempotency key);
//   - every stored submission ends with feedback, AI or offline;
//   - no 5xx answer outside the restart window (kill → healthy again + 1 s);
//   - p99 latency (browsing and submitting), and the counts.
// Writes test-results/load-test.md and .json; exits non-zero when a check fails.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { feedback, submissions } from '../../src/lib/server/db/schema';
import { resolveExerciseRubric } from '../../src/lib/server/exercises/rubrics';
import { getExerciseById } from '../../src/lib/server/exercises';
import { makeSession, makeUser } from '../support/factories';
import { makeThread } from '../support/forum';
import { FakeLlm, gradingReply, replies } from '../support/fake-llm';
import { STRONG_ANSWER_EN, STRONG_ANSWER_ZH, writeExercise } from '../support/exercise-content';
import { freePort } from '../support/server';

const short = process.argv.includes('--short');
const DURATION_MS = short ? 60_000 : 5 * 60_000;
const KILL_AT_MS = Math.round(DURATION_MS * 0.4);
const BROWSERS = 200;
const SUBMITTERS = 50;
const EXERCISES = 10; // × 20 attempts each: room for every submitter's answers
const FAILURE_RATE = 0.3;
const REQUEST_TIMEOUT_MS = 30_000;

const dir = mkdtempSync(join(tmpdir(), 'casebook-load-'));
const contentDir = join(dir, 'cases');
cpSync('cases', contentDir, { recursive: true });
for (let i = 0; i < EXERCISES; i++)
	writeExercise(contentDir, `load-${i}`, {
		id: `exercise-load-${i}`,
		case: null,
		attemptLimit: 20,
		maxChars: 4000
	});
const dbPath = join(dir, 'casebook.db');
const port = await freePort();
const url = `http://127.0.0.1:${port}`;

// The provider: 30 % of calls fail (HTTP 500), the rest answer a valid grading reply after 300 ms.
const fake = await FakeLlm.start();
let providerCalls = 0;
let providerFailures = 0;
let reply: ReturnType<typeof replies.content> | null = null;
fake.setDefault((req, res) => {
	providerCalls++;
	if (!reply || Math.random() < FAILURE_RATE) {
		providerFailures++;
		return replies.status(500)(req, res);
	}
	return reply(req, res);
});

const env = {
	PATH: process.env.PATH ?? '',
	HOME: process.env.HOME ?? '',
	NODE_ENV: 'production',
	HOST: '127.0.0.1',
	PORT: String(port),
	ORIGIN: url,
	DATABASE_URL: dbPath,
	CONTENT_DIR: contentDir,
	LOG_LEVEL: 'error',
	LLM_BASE_URL: fake.url,
	LLM_MODEL: 'load-model',
	LLM_API_KEY: 'load-key',
	LLM_RETRIES: '1',
	LLM_RETRY_BASE_MS: '100',
	LLM_RETRY_MAX_MS: '500',
	LLM_RPM: '100000',
	LLM_TPM: '1000000000',
	LLM_DAILY_QUOTA_PER_LEARNER: '100000',
	FEEDBACK_CONCURRENCY: '4',
	FEEDBACK_AI_RETRY_MS: '5000',
	FEEDBACK_LEASE_MS: '5000',
	FEEDBACK_POLL_MS: '500',
	RATE_LIMIT_EXERCISE_WRITES_PER_MIN: '100000'
};

let server: ChildProcess | null = null;
let serverLog = '';
async function startServer(): Promise<void> {
	server = spawn(process.execPath, ['scripts/server.js'], {
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	server.stdout?.on('data', (d) => (serverLog += d));
	server.stderr?.on('data', (d) => (serverLog += d));
	for (let i = 0; ; i++) {
		try {
			if ((await fetch(`${url}/healthz`)).ok) return;
		} catch {
			/* starting */
		}
		if (server.exitCode !== null || i > 1200)
			throw new Error(`server did not start:\n${serverLog}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

console.log(`load: ${short ? 'short run (60 s)' : '5 minutes'}; starting the server`);
await startServer();
const db: Db = openDatabase(dbPath);
const ex0 = getExerciseById(db, 'exercise-load-0', 'en');
const rubric = ex0 && resolveExerciseRubric(db, ex0.id, ex0.version);
if (!rubric) throw new Error('load: the load exercises were not synced');
reply = replies.content(gradingReply(rubric, {}), { delayMs: 300 });

// Users (sessions survive the restart: they are rows), and a few threads to read.
const browsers: string[] = [];
const submitters: string[] = [];
for (let i = 0; i < BROWSERS; i++) browsers.push(makeSession(db, (await makeUser(db)).id).cookie);
for (let i = 0; i < SUBMITTERS; i++)
	submitters.push(makeSession(db, (await makeUser(db)).id).cookie);
const asker = await makeUser(db);
const threads = Array.from({ length: 20 }, (_, i) =>
	makeThread(db, asker, { title: `关于网关限流的问题 ${i} gateway rate limits` })
);

const PAGES = [
	'/',
	'/en',
	'/cases',
	'/cases/banking-customer-service',
	'/modules/overview',
	'/en/modules/overview',
	'/questions',
	...threads.slice(0, 5).map((t) => `/questions/${t.id}`),
	`/search?q=${encodeURIComponent('网关')}`,
	`/en/search?q=${encodeURIComponent('gateway')}`,
	'/quizzes',
	'/faq',
	`/exercises/load-0`
];

type Sample = { at: number; end: number; ms: number; status: number; kind: 'browse' | 'submit' };
const samples: Sample[] = [];
const failures: Array<{ at: number; end: number; kind: string; error: string }> = [];
const start = Date.now();
let running = true;
let killedAt: number | null = null;
let healthyAgainAt: number | null = null;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = (a: number, b: number) => a + Math.random() * (b - a);

async function timedFetch(
	kind: Sample['kind'],
	path: string,
	init: RequestInit
): Promise<Response | null> {
	const t = performance.now();
	const at = Date.now();
	try {
		const r = await fetch(url + path, {
			...init,
			redirect: 'manual',
			signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
		});
		await r.arrayBuffer();
		samples.push({ at, end: Date.now(), ms: performance.now() - t, status: r.status, kind });
		return r;
	} catch (e) {
		failures.push({
			at,
			end: Date.now(),
			kind,
			error: e instanceof Error ? ((e.cause as Error)?.message ?? e.message) : String(e)
		});
		return null;
	}
}

async function browse(cookie: string): Promise<void> {
	await sleep(between(0, 2000));
	while (running) {
		const path = PAGES[Math.floor(Math.random() * PAGES.length)];
		const r = await timedFetch('browse', path, { headers: { cookie } });
		await sleep(r ? between(1000, 3000) : 500);
	}
}

/** Every key a submitter sent, and whether the server acknowledged it (303 to the submission). */
const sent = new Map<string, { acknowledged: boolean; submissionId: number | null }>();
async function submitLoop(cookie: string, n: number): Promise<void> {
	await sleep(between(0, 5000));
	let count = 0;
	while (running) {
		const slug = `load-${(n + count) % EXERCISES}`;
		const key = `load-${n}-${count}-${Math.random().toString(36).slice(2, 10)}`;
		const answer = `${count % 2 ? STRONG_ANSWER_EN : STRONG_ANSWER_ZH}\n\n(${key})`;
		sent.set(key, { acknowledged: false, submissionId: null });
		// Resent with the same key until acknowledged (a cut connection, the restart).
		for (let tries = 0; tries < 100; tries++) {
			const r = await timedFetch('submit', `/exercises/${slug}?/submit`, {
				method: 'POST',
				headers: {
					cookie,
					origin: url,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: new URLSearchParams({ answer, idempotencyKey: key })
			});
			const id = /\/submissions\/(\d+)/.exec(r?.headers.get('location') ?? '')?.[1];
			if (r?.status === 303 && id) {
				sent.set(key, { acknowledged: true, submissionId: Number(id) });
				break;
			}
			if (r && r.status < 500) {
				failures.push({
					at: Date.now(),
					end: Date.now(),
					kind: 'submit',
					error: `refused: ${r.status}`
				});
				break;
			}
			await sleep(500);
		}
		count++;
		await sleep(between(5000, 10_000));
	}
}

const loops = [...browsers.map((c) => browse(c)), ...submitters.map((c, i) => submitLoop(c, i))];

// The fault: SIGKILL at 40 %, restart at once on the same database and port.
const fault = (async () => {
	await sleep(KILL_AT_MS);
	console.log('load: SIGKILL');
	killedAt = Date.now();
	const exited = new Promise((r) => server!.once('exit', r));
	server!.kill('SIGKILL');
	await exited;
	await startServer();
	healthyAgainAt = Date.now();
	console.log(`load: restarted in ${healthyAgainAt - killedAt} ms`);
})();

await sleep(DURATION_MS);
running = false;
await fault;
console.log('load: stopping the users');
await Promise.all(loops);
const loadEnd = Date.now();

// Every submission ends with feedback: wait for the worker (jobs of the killed server are taken over
// when their lease expires).
const ids = [...sent.values()].filter((s) => s.acknowledged).map((s) => s.submissionId!);
const keys = [...sent.keys()];
let withFeedback = new Set<number>();
const waitUntil = Date.now() + 180_000;
while (Date.now() < waitUntil) {
	withFeedback = new Set(
		db
			.selectDistinct({ id: feedback.submissionId })
			.from(feedback)
			.where(inArray(feedback.submissionId, ids.length ? ids : [-1]))
			.all()
			.map((r) => r.id)
	);
	if (withFeedback.size === new Set(ids).size) break;
	await sleep(1000);
}
const stored = db
	.select({ id: submissions.id, key: submissions.idempotencyKey })
	.from(submissions)
	.where(inArray(submissions.idempotencyKey, keys.length ? keys : ['-']))
	.all();
const sources = db.$client
	.prepare(
		`select source, coalesce(offline_reason, '') as reason, count(distinct submission_id) as n
		 from feedback group by 1, 2 order by 1, 2`
	)
	.all() as Array<{ source: string; reason: string; n: number }>;

(server as ChildProcess | null)?.kill('SIGTERM');
await fake.close();
db.$client.close();

const windowEnd = (healthyAgainAt ?? loadEnd) + 1000;
// A request is in the restart window when it was open at any moment of it (in flight at the kill too).
const inWindow = (r: { at: number; end: number }) =>
	killedAt !== null && r.end >= killedAt && r.at <= windowEnd;
const fiveXxOutside = samples.filter((s) => s.status >= 500 && !inWindow(s));
const failuresOutside = failures.filter((f) => !inWindow(f) && !f.error.startsWith('refused'));
const refused = failures.filter((f) => f.error.startsWith('refused'));
const pct = (xs: number[], p: number) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length ? Math.round(s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]) : 0;
};
const lat = (kind: Sample['kind']) => {
	const xs = samples.filter((s) => s.kind === kind && !inWindow(s)).map((s) => s.ms);
	return { requests: xs.length, p50: pct(xs, 50), p95: pct(xs, 95), p99: pct(xs, 99) };
};
const acknowledged = [...sent.values()].filter((s) => s.acknowledged).length;
const storedKeys = new Set(stored.map((s) => s.key));
const results = {
	date: new Date().toISOString(),
	durationMs: DURATION_MS,
	users: { browsing: BROWSERS, submitting: SUBMITTERS },
	loadAverage1m: Math.round(loadavg()[0] * 10) / 10,
	provider: { calls: providerCalls, failed: providerFailures, failureRate: FAILURE_RATE },
	restart: {
		killedAtMs: killedAt ? killedAt - start : null,
		downMs: killedAt && healthyAgainAt ? healthyAgainAt - killedAt : null
	},
	submissions: {
		sent: sent.size,
		acknowledged,
		stored: stored.length,
		storedOfSent: [...sent.keys()].filter((k) => storedKeys.has(k)).length,
		withFeedback: withFeedback.size,
		feedbackBySource: sources,
		refused: refused.length
	},
	latencyMs: { browse: lat('browse'), submit: lat('submit') },
	fiveXxOutsideRestart: fiveXxOutside.length,
	networkErrorsOutsideRestart: failuresOutside.length,
	networkErrors: failures
		.filter((f) => !f.error.startsWith('refused'))
		.reduce<Record<string, number>>(
			(acc, f) => (
				(acc[`${inWindow(f) ? 'in' : 'outside'} window: ${f.error}`] ??= 0),
				acc[`${inWindow(f) ? 'in' : 'outside'} window: ${f.error}`]++,
				acc
			),
			{}
		),
	refusedStatuses: refused.map((f) => f.error).slice(0, 5),
	statusCounts: samples.reduce<Record<number, number>>(
		(acc, s) => ((acc[s.status] = (acc[s.status] ?? 0) + 1), acc),
		{}
	)
};
const checks = [
	{
		check: 'submissions acknowledged = stored (each once)',
		ok:
			acknowledged === stored.length &&
			stored.length === storedKeys.size &&
			acknowledged === sent.size,
		detail: `${sent.size} sent, ${acknowledged} acknowledged, ${stored.length} stored`
	},
	{
		check: 'every submission ends with feedback (AI or offline)',
		ok: withFeedback.size === stored.length,
		detail: `${withFeedback.size} of ${stored.length}: ${sources.map((s) => `${s.source}${s.reason ? ` (${s.reason})` : ''} ${s.n}`).join(', ')}`
	},
	{
		check: 'no 5xx outside the restart window',
		ok: fiveXxOutside.length === 0 && failuresOutside.length === 0,
		detail: `${fiveXxOutside.length} 5xx, ${failuresOutside.length} network errors outside; restart window ${results.restart.downMs} ms + 1 s`
	},
	{
		check: 'no submission refused',
		ok: refused.length === 0,
		detail: `${refused.length} refused`
	}
];
const md = `# Load and fault test

\`npm run test:load${short ? ' -- --short' : ''}\` on ${results.date.slice(0, 16).replace('T', ' ')} UTC; load average ${results.loadAverage1m}.
${BROWSERS} browsing users (a page every 1–3 s) and ${SUBMITTERS} submitting users (an answer every 5–10 s) for ${DURATION_MS / 1000} s;
the fake provider failed ${providerFailures} of ${providerCalls} calls (${FAILURE_RATE * 100} % at random); the server was killed
with SIGKILL at ${results.restart.killedAtMs} ms and was answering again ${results.restart.downMs} ms later.

| check | result | |
| --- | --- | --- |
${checks.map((c) => `| ${c.check} | ${c.detail} | ${c.ok ? 'pass' : '**FAIL**'} |`).join('\n')}

| latency (outside the restart window) | requests | p50 ms | p95 ms | p99 ms |
| --- | ---: | ---: | ---: | ---: |
| browsing | ${results.latencyMs.browse.requests} | ${results.latencyMs.browse.p50} | ${results.latencyMs.browse.p95} | ${results.latencyMs.browse.p99} |
| submitting | ${results.latencyMs.submit.requests} | ${results.latencyMs.submit.p50} | ${results.latencyMs.submit.p95} | ${results.latencyMs.submit.p99} |

Statuses: ${JSON.stringify(results.statusCounts)}. Network errors: ${JSON.stringify(results.networkErrors)}.
`;
mkdirSync('test-results', { recursive: true });
writeFileSync(
	'test-results/load-test.json',
	JSON.stringify({ ...results, checks }, null, '\t') + '\n'
);
writeFileSync('test-results/load-test.md', md);
console.log(md);
rmSync(dir, { recursive: true, force: true });
process.exit(checks.every((c) => c.ok) ? 0 : 1);
