import { getConfig } from './config';
import { getDb } from './db';
import { runMigrations } from './db/migrate';
import { ensureAdmin } from './auth/admin-bootstrap';
import { applyLogLevel, log } from './log';
import { startBackupSchedule } from './backup';
import { installShutdownHandler, onShutdown } from './shutdown';
import { syncContentAtStart } from './content/startup-sync';
import {
	feedbackQueueStats,
	setRubricResolver,
	startFeedbackWorker,
	stopFeedbackWorker
} from './feedback';
import { registerQueue } from './metrics';
import { closeExpiredAttempts } from './quiz/attempts';
import { buildExerciseRubric } from './exercises/rubrics';
import { resolveStoredRubric, storeRubrics } from './feedback/rubric-store';
import { closeAllStreams } from './exercises/stream';
import { registerExerciseExport } from './exercises/export';
import { registerGradingExport } from './grading/export';
import { registerQuizExport } from './quiz/export';
import { registerLabsPrivacy } from './labs/export';
import { registerLabGradebook } from './labs/gradebook';
import { buildLabRubric } from './labs/rubrics';
import { startRegradeFeeder, stopRegradeFeeder } from './regrade';
import { registerLabProgress } from './progress';
import { listLabProgress, listLabs } from './labs';

let started: Promise<void> | undefined;

/**
 * Everything the server does once before answering requests, in order: validate the config
 * (exits with a message naming the bad variable), open the database, apply migrations, create the
 * first admin, sync `cases/` into the database (bad content is reported, never fatal), grade timed quiz attempts
 * whose time ran out, install the graceful shutdown (./shutdown.ts), store the exercises' rubrics and
 * register them (and the runbook labs' rubrics) as the feedback worker's rubric resolver (and the exercises', grades' and labs' parts of the data export and deletion, and the labs' gradebook columns), start the feedback worker (it resumes pending and
 * expired-lease jobs, then idles until a submission arrives) and the batch regrade feeder, and scheduled backups (when
 * BACKUP_INTERVAL_MS > 0). Later features append their start-up steps here and register how they
 * stop with `onShutdown(name, stop)` (steps stop in reverse order, before the database closes).
 * Idempotent: a second call returns the first call's promise.
 */
export function startServer(): Promise<void> {
	started ??= (async () => {
		const cfg = getConfig();
		applyLogLevel();
		const db = getDb();
		runMigrations(db, cfg.MIGRATIONS_DIR);
		const admin = await ensureAdmin(db, cfg.ADMIN_EMAIL);
		if (admin) {
			// Printed once, on purpose not through the JSON logger (which must never carry a password).
			console.log(
				`\n  Casebook created the first admin account.\n    email:    ${admin.email}\n    password: ${admin.password}\n  Sign in and change this password at /account.\n`
			);
		}
		if (!cfg.CASEBOOK_QUIET) syncContentAtStart(db, cfg.CONTENT_DIR);
		// Timed quiz attempts whose time ran out while the server was down: graded with what was saved.
		const closed = closeExpiredAttempts(db, {}, { graceMs: cfg.QUIZ_GRACE_MS });
		if (closed > 0) log.info({ closed }, 'quiz attempts past their deadline graded');
		registerQuizExport();
		installShutdownHandler();
		if (cfg.BACKUP_INTERVAL_MS > 0) {
			const schedule = startBackupSchedule(getDb, {
				dir: cfg.BACKUP_DIR,
				intervalMs: cfg.BACKUP_INTERVAL_MS,
				keep: cfg.BACKUP_KEEP
			});
			onShutdown('scheduled backups', schedule.stop);
		}
		registerQueue('feedback', (db) => feedbackQueueStats(db));
		// Each exercise version's bilingual rubric, then where the worker finds it: before it starts.
		// Runbook labs go through the same pipeline and store: their ids start with "lab-".
		const rubricBuilders = { exercise: buildExerciseRubric, lab: buildLabRubric };
		for (const [kind, build] of Object.entries(rubricBuilders)) storeRubrics(db, kind, build);
		setRubricResolver((db, itemId, version) =>
			resolveStoredRubric(
				db,
				itemId,
				version,
				rubricBuilders[itemId.startsWith('lab-') ? 'lab' : 'exercise']
			)
		);
		registerExerciseExport();
		// Released grades and the private threads of the learner's submissions.
		registerGradingExport();
		registerLabsPrivacy();
		// The labs' columns in the gradebook (after the quizzes' and exercises').
		registerLabGradebook();
		// The home page's labs: one entry per module a lab belongs to; done = an attempt passed.
		registerLabProgress((db, userId, locale) => {
			const progress = listLabProgress(db, userId);
			return listLabs(db, locale).flatMap((lab) =>
				lab.meta.modules.map((module) => ({
					id: lab.id,
					module,
					title: lab.title,
					path: lab.path,
					done: progress.get(lab.id)?.state === 'passed'
				}))
			);
		});
		startFeedbackWorker();
		// Batch regrades left running by a previous process go on feeding the queue.
		startRegradeFeeder();
		onShutdown('regrade feeder', stopRegradeFeeder);
		// Stops first (registered last): claims end, calls in flight go back to pending.
		onShutdown('feedback worker', stopFeedbackWorker);
		// adapter-node waits for open connections before shutting down: end the feedback event
		// streams (SSE) at the signal, or shutdown would wait SHUTDOWN_TIMEOUT for them.
		for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, closeAllStreams);
		log.info({ database: cfg.DATABASE_URL, origin: cfg.ORIGIN }, 'casebook started');
	})();
	return started;
}
