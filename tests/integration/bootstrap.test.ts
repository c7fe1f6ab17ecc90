import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postForm, setCookies } from '../support/http';
import { startBuiltServer, type RunningServer } from '../support/server';
import { openDatabase } from '../../src/lib/server/db';
import { getUserByEmail } from '../../src/lib/server/auth/user';

const servers: RunningServer[] = [];
afterAll(async () => Promise.all(servers.map((s) => s.stop())));

describe('first start', () => {
	it('creates one admin, prints its one-time password once, and never logs passwords', async () => {
		const srv = await startBuiltServer({ ADMIN_EMAIL: 'root@example.test', LOG_LEVEL: 'info' });
		servers.push(srv);
		const match = srv.output().match(/email:\s+(\S+)\s+password:\s+([a-z2-7]{24})/);
		expect(match?.[1]).toBe('root@example.test');
		const password = match![2];

		const res = await postForm(
			'/login?/login',
			{ email: 'root@example.test', password },
			{ base: srv.url }
		);
		expect(res.status).toBe(303);
		expect(setCookies(res).some((c) => c.startsWith('casebook_session='))).toBe(true);
		await postForm(
			'/login?/login',
			{ email: 'root@example.test', password: 'typo-' + password },
			{ base: srv.url }
		);

		const logs = srv
			.output()
			.split('\n')
			.filter((l) => l.startsWith('{'));
		expect(logs.some((l) => l.includes('"route":"/login"'))).toBe(true);
		expect(logs.join('\n')).not.toContain(password);
	});
});

describe('npm run user:create', () => {
	it('creates a user with a role, and refuses bad input', () => {
		const dir = mkdtempSync(join(tmpdir(), 'casebook-cli-'));
		const env = { ...process.env, DATABASE_URL: join(dir, 'cli.db') };
		try {
			const ok = spawnSync(
				'npx',
				[
					'tsx',
					'scripts/user-create.ts',
					'--email',
					'Teacher@Example.test',
					'--role',
					'instructor',
					'--password',
					'a fine long passphrase'
				],
				{ env, encoding: 'utf8' }
			);
			expect(ok.status, ok.stderr).toBe(0);
			const db = openDatabase(join(dir, 'cli.db'));
			expect(getUserByEmail(db, 'teacher@example.test')?.role).toBe('instructor');
			db.$client.close();

			const bad = spawnSync(
				'npx',
				['tsx', 'scripts/user-create.ts', '--email', 'x@example.test', '--role', 'wizard'],
				{ env, encoding: 'utf8' }
			);
			expect(bad.status).toBe(1);
			expect(bad.stderr).toContain('--role must be one of learner, instructor, admin');
			const weak = spawnSync(
				'npx',
				['tsx', 'scripts/user-create.ts', '--email', 'y@example.test', '--password', 'password'],
				{ env, encoding: 'utf8' }
			);
			expect(weak.status).toBe(1);
			expect(weak.stderr).toContain('--password refused (common)');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('configuration at start', () => {
	it('refuses to start with a bad variable and names it', async () => {
		await expect(startBuiltServer({ DEFAULT_TIME_ZONE: 'Mars/Olympus' }, 10_000)).rejects.toThrow(
			/DEFAULT_TIME_ZONE/
		);
	});
});
