import { mkdirSync, writeFileSync } from 'node:fs';
import { startBuiltServer } from '../support/server';

/**
 * Starts the built server with a fresh database for the browser tests; returns its teardown. Should
 * the server exit before the teardown (a crash), its output goes to test-results/e2e-server.log and
 * the console, so the tests failing with ERR_CONNECTION_REFUSED afterwards have an explanation.
 */
export default async function globalSetup() {
	const server = await startBuiltServer();
	process.env.E2E_BASE_URL = server.url;
	process.env.E2E_DB_PATH = server.dbPath;
	let stopping = false;
	void server.exited.then(({ code, signal }) => {
		if (stopping) return;
		mkdirSync('test-results', { recursive: true });
		writeFileSync('test-results/e2e-server.log', server.output());
		console.error(
			`e2e server exited early (code ${code}, signal ${signal}); its output is in test-results/e2e-server.log`
		);
	});
	return async () => {
		stopping = true;
		await server.stop();
	};
}
