import { getConfig } from './config';
import { getDb } from './db';
import { runMigrations } from './db/migrate';
import { ensureAdmin } from './auth/admin-bootstrap';
import { applyLogLevel, log } from './log';
import { syncContentAtStart } from './content/startup-sync';
import { startFeedbackWorker, stopFeedbackWorker } from './feedback';

let started: Promise<void> | undefined;

/**
 * Everything the server does once before answering requests, in order: validate the config
 * (exits with a message naming the bad variable), open the database, apply migrations, create the
 * first admin, sync `cases/` into the database (bad content is reported, never fatal), start the
 * feedback worker (it resumes pending and expired-lease jobs, then idles until a submission arrives).
 * Later features append their start-up steps here.
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
		startFeedbackWorker();
		// adapter-node emits this on SIGTERM/SIGINT before closing: calls in flight go back to pending.
		process.once('sveltekit:shutdown', () => void stopFeedbackWorker());
		log.info({ database: cfg.DATABASE_URL, origin: cfg.ORIGIN }, 'casebook started');
	})();
	return started;
}
