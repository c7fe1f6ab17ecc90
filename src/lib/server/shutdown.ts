import { closeDb } from './db';
import { log } from './log';

type Hook = { name: string; run: () => void | Promise<void> };

const hooks: Hook[] = [];
let stopping: Promise<void> | undefined;

/**
 * Registers a step of the graceful shutdown (stop a worker, a schedule, …). Steps run one after
 * another in reverse order of registration (last started, first stopped), after adapter-node has
 * stopped accepting connections and every in-flight request has finished; the database closes
 * after the last step. A step that throws is logged and the others still run.
 */
export function onShutdown(name: string, run: () => void | Promise<void>): void {
	hooks.push({ name, run });
}

/** True once shutdown has begun (e.g. a worker loop checks it before claiming another job). */
export function isShuttingDown(): boolean {
	return stopping !== undefined;
}

/**
 * Runs the registered steps, then closes the database. Idempotent: later calls return the first
 * call's promise. `reason` is logged (adapter-node passes "SIGTERM" or "SIGINT").
 */
export function shutdown(reason: string): Promise<void> {
	stopping ??= (async () => {
		log.info({ reason }, 'shutting down: requests finished');
		for (const hook of [...hooks].reverse()) {
			try {
				await hook.run();
				log.info({ step: hook.name }, 'shutdown step done');
			} catch (err) {
				log.error({ err, step: hook.name }, 'shutdown step failed');
			}
		}
		closeDb();
		log.info('shutdown complete');
	})();
	return stopping;
}

let installed = false;

/**
 * Listens for adapter-node's `sveltekit:shutdown` event (emitted on SIGTERM/SIGINT once the HTTP
 * server has closed and in-flight requests are done; SHUTDOWN_TIMEOUT, in seconds, bounds the
 * wait) and runs {@link shutdown}. The process then exits on its own; should a stray handle keep it
 * alive, it exits with code 0 after `exitAfterMs`.
 */
export function installShutdownHandler(exitAfterMs = 2_000): void {
	if (installed) return;
	installed = true;
	process.once('sveltekit:shutdown', (reason: unknown) => {
		void shutdown(String(reason ?? 'shutdown')).finally(() => {
			setTimeout(() => process.exit(0), exitAfterMs).unref();
		});
	});
}
