import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export type RunningServer = {
	url: string;
	port: number;
	dbPath: string;
	dir: string;
	output: () => string;
	/** The server process id (to send it signals). */
	pid: number;
	/** Resolves when the server process exits, with its exit code (null if killed by a signal). */
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	stop: () => Promise<void>;
};

/** Timeout (ms) for a test hook that starts a server with {@link startBuiltServer}. */
export const SERVER_START_HOOK_MS = 150_000;

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
	return new Promise((res, rej) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', rej);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			srv.close(() =>
				typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))
			);
		});
	});
}

/**
 * Starts the built server (`scripts/server.js` running `build/index.js`, built once per test run by
 * `npm test`) on a free port
 * with its own temp database, and waits for /healthz. Extra env overrides the test defaults. The
 * first start syncs every content file into the new database: about 25 s on the shared 2-core
 * machine, over 60 s under heavy load, hence the generous deadline (a Playwright hook that calls
 * this sets its own timeout above it: {@link SERVER_START_HOOK_MS}).
 * @throws Error when there is no build, or the server does not become healthy within `timeoutMs`.
 */
export async function startBuiltServer(
	env: Record<string, string> = {},
	timeoutMs = 120_000
): Promise<RunningServer> {
	const root = resolve(import.meta.dirname, '../..');
	if (!existsSync(join(root, 'build/index.js'))) {
		throw new Error(
			'build/index.js is missing: run `npm run build` first (npm test does it once per run)'
		);
	}
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'casebook-srv-'));
	const dbPath = join(dir, 'casebook.db');
	const url = `http://127.0.0.1:${port}`;
	let out = '';
	const child: ChildProcess = spawn(process.execPath, ['scripts/server.js'], {
		cwd: root,
		env: {
			PATH: process.env.PATH ?? '',
			HOME: process.env.HOME ?? '',
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: url,
			DATABASE_URL: dbPath,
			LOG_LEVEL: 'warn',
			BODY_SIZE_LIMIT: String(16 * 1024 * 1024),
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
		child.once('exit', (code, signal) => res({ code, signal }))
	);
	child.stdout?.on('data', (d) => (out += d));
	child.stderr?.on('data', (d) => (out += d));
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${out}`);
		try {
			const r = await fetch(`${url}/healthz`);
			if (r.ok) break;
		} catch {
			/* not listening yet */
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	if (Date.now() >= deadline) {
		child.kill('SIGKILL');
		throw new Error(`server did not become healthy in ${timeoutMs} ms:\n${out}`);
	}
	return {
		url,
		port,
		dbPath,
		dir,
		output: () => out,
		pid: child.pid!,
		exited,
		stop: async () => {
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGTERM');
				await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
				if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
			}
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
