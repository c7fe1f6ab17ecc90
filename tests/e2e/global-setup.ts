import { startBuiltServer } from '../support/server';

/** Starts the built server with a fresh database for the browser tests; returns its teardown. */
export default async function globalSetup() {
	const server = await startBuiltServer();
	process.env.E2E_BASE_URL = server.url;
	process.env.E2E_DB_PATH = server.dbPath;
	return async () => server.stop();
}
