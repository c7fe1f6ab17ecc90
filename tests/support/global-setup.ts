import type { TestProject } from 'vitest/node';
import { startBuiltServer, type RunningServer } from './server';

declare module 'vitest' {
	export interface ProvidedContext {
		baseUrl: string;
		serverDbPath: string;
	}
}

let server: RunningServer | undefined;

/**
 * Starts the built server once for the whole vitest run (integration tests reach it at
 * inject('baseUrl') and write fixtures into inject('serverDbPath') with the factories).
 */
export async function setup(project: TestProject) {
	server = await startBuiltServer();
	project.provide('baseUrl', server.url);
	project.provide('serverDbPath', server.dbPath);
}

export async function teardown() {
	await server?.stop();
}
