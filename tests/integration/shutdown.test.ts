import { afterAll, describe, expect, it } from 'vitest';
import { request, type IncomingMessage } from 'node:http';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { eq } from 'drizzle-orm';
import { FACTORY_PASSWORD, makeUser } from '../support/factories';
import { startBuiltServer, type RunningServer } from '../support/server';
import { openDatabase } from '../../src/lib/server/db';
import { sessions } from '../../src/lib/server/db/schema';

let srv: RunningServer | undefined;
afterAll(async () => srv?.stop());

/** True once nothing listens on the server's port any more. */
async function refusesConnections(url: string): Promise<boolean> {
	try {
		await fetch(`${url}/healthz`);
		return false;
	} catch {
		return true;
	}
}

describe('graceful shutdown', () => {
	it('finishes a request in flight during SIGTERM, stops the worker, closes the database, exits 0', async () => {
		srv = await startBuiltServer({ LOG_LEVEL: 'info', CASEBOOK_QUIET: 'true' });
		const db = openDatabase(srv.dbPath);
		const user = await makeUser(db);
		db.$client.close();

		// A sign-in whose body is still on its way: `Expect: 100-continue` makes the server confirm
		// it has the request before we send the body, so the request is in flight for certain.
		const body = new URLSearchParams({ email: user.email, password: FACTORY_PASSWORD }).toString();
		const req = request(`${srv.url}/en/login?/login`, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'content-length': Buffer.byteLength(body),
				origin: srv.url,
				accept: 'text/html',
				expect: '100-continue'
			}
		});
		const responded = once(req, 'response') as Promise<[IncomingMessage]>;
		req.flushHeaders();
		await once(req, 'continue');

		process.kill(srv.pid, 'SIGTERM');
		// The server stops listening at once …
		const deadline = Date.now() + 10_000;
		while (!(await refusesConnections(srv.url)) && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 20));
		expect(await refusesConnections(srv.url)).toBe(true);
		expect(srv.output()).not.toContain('shutdown complete');

		// … but the request in flight still completes, and its write reaches the database.
		req.end(body);
		const [res] = await responded;
		res.resume();
		expect(res.statusCode).toBe(303);
		expect(res.headers['set-cookie']?.join(';')).toMatch(/casebook_session=/);

		const exit = await srv.exited;
		expect(exit).toEqual({ code: 0, signal: null });
		const out = srv.output();
		expect(out).toContain('shutting down: requests finished');
		expect(out).toMatch(/"step":"feedback worker","msg":"shutdown step done"/);
		expect(out).toContain('shutdown complete');
		// The database was closed cleanly: its WAL was checkpointed and removed.
		expect(existsSync(`${srv.dbPath}-wal`)).toBe(false);
		const after = openDatabase(srv.dbPath);
		try {
			expect(after.select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(
				1
			);
		} finally {
			after.$client.close();
		}
	});
});
