import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { createTestDb } from '../../../../tests/support/db';
import { updateSettings } from '../settings';
import type { SessionUser } from '../auth/session';
import { actionName, archiveRefusal, assertWritable, isArchived, isWriteAllowed } from './index';

let t: ReturnType<typeof createTestDb>;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.cleanup());

type Ev = Pick<RequestEvent, 'request' | 'route' | 'url' | 'locals'>;
const user = (role: SessionUser['role']) => ({ id: 1, role }) as SessionUser;

/** A request event as the hook sees it. */
function ev(
	method: string,
	path: string,
	routeId: string | null,
	opts: { role?: SessionUser['role']; headers?: Record<string, string> } = {}
): Ev {
	const url = new URL(`http://casebook.test${path}`);
	return {
		request: new Request(url, { method, headers: opts.headers }),
		route: { id: routeId },
		url,
		locals: { user: opts.role ? user(opts.role) : null } as App.Locals
	} as Ev;
}

describe('archive mode', () => {
	it('is off by default and follows the setting', () => {
		expect(isArchived(t.db)).toBe(false);
		expect(() => assertWritable(t.db)).not.toThrow();
		updateSettings(t.db, { archiveMode: true }, { actorId: null });
		expect(isArchived(t.db)).toBe(true);
		expect(() => assertWritable(t.db)).toThrow();
	});

	it('reads the targeted form action from the URL', () => {
		expect(actionName(new URL('http://x/account?/requestDeletion'))).toBe('requestDeletion');
		expect(actionName(new URL('http://x/login'))).toBe('default');
		expect(actionName(new URL('http://x/cohorts?page=2&/create'))).toBe('create');
	});

	it('allows reads, sign-in/out, data-protection actions and admin work; refuses the rest', () => {
		const allowed: Array<[Ev, boolean]> = [
			[ev('GET', '/account', '/account', { role: 'learner' }), true],
			[ev('HEAD', '/', '/'), true],
			[ev('POST', '/login', '/login'), true],
			[ev('POST', '/en/logout', '/logout', { role: 'learner' }), true],
			[ev('POST', '/forgot-password', '/forgot-password'), true],
			[ev('POST', '/reset/abc', '/reset/[token]'), true],
			[ev('POST', '/account?/requestDeletion', '/account', { role: 'learner' }), true],
			[ev('POST', '/account?/cancelDeletion', '/account', { role: 'learner' }), true],
			[ev('POST', '/account?/signOutEverywhere', '/account', { role: 'learner' }), true],
			[ev('POST', '/admin/settings?/save', '/admin/settings', { role: 'admin' }), true],
			[ev('POST', '/admin/backups?/create', '/admin/backups', { role: 'admin' }), true],
			[ev('POST', '/nowhere', null), true],
			// Refused:
			[ev('POST', '/account?/saveProfile', '/account', { role: 'learner' }), false],
			[ev('POST', '/account?/changePassword', '/account', { role: 'admin' }), false],
			[ev('POST', '/register', '/register'), false],
			[ev('POST', '/cohorts?/create', '/cohorts', { role: 'instructor' }), false],
			[ev('POST', '/notifications?/markAllRead', '/notifications', { role: 'learner' }), false],
			[ev('POST', '/admin/settings?/save', '/admin/settings', { role: 'instructor' }), false],
			[ev('PUT', '/exercises/x/draft', '/exercises/[slug]/draft', { role: 'learner' }), false],
			[ev('DELETE', '/admin/users', '/admin/users'), false]
		];
		for (const [e, expected] of allowed)
			expect([e.request.method, e.url.pathname + e.url.search, isWriteAllowed(e)]).toEqual([
				e.request.method,
				e.url.pathname + e.url.search,
				expected
			]);
	});

	it('answers a refused request in the shape its caller understands, with status 403', async () => {
		const profile = (headers: Record<string, string>) =>
			ev('POST', '/en/account?/saveProfile', '/account', { role: 'learner', headers });
		expect(archiveRefusal(t.db, profile({ accept: 'text/html' }))).toBeNull(); // not archived
		updateSettings(t.db, { archiveMode: true }, { actorId: null });

		const enhanced = archiveRefusal(
			t.db,
			profile({ accept: 'application/json', 'x-sveltekit-action': 'true' })
		)!;
		expect(enhanced.status).toBe(403);
		const result = await enhanced.json();
		expect(result.type).toBe('error');
		expect(result.error.message).toMatch(/archived|归档/);

		const api = archiveRefusal(t.db, profile({ accept: 'application/json' }))!;
		expect(api.status).toBe(403);
		expect((await api.json()).message).toMatch(/archived|归档/);

		const html = archiveRefusal(t.db, profile({ accept: 'text/html,application/xhtml+xml' }))!;
		expect(html.status).toBe(403);
		expect(html.headers.get('content-type')).toContain('text/html');
		const body = await html.text();
		expect(body).toMatch(/archived|归档/);
		expect(body).not.toContain('<script');

		expect(archiveRefusal(t.db, ev('POST', '/login', '/login'))).toBeNull();
	});
});
