import { describe, expect, it } from 'vitest';
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { hasRole, requireRole, requireUser, safeRedirectPath } from './guard';
import type { SessionUser } from './session';

const user = (role: SessionUser['role']): SessionUser => ({
	id: 1,
	email: 'a@example.test',
	displayName: 'A',
	role,
	timeZone: 'Asia/Shanghai',
	locale: 'zh-CN',
	disabledAt: null
});
const event = (u: SessionUser | null, path = '/admin/users?q=x') =>
	({ locals: { user: u }, url: new URL(`http://localhost${path}`) }) as unknown as Parameters<
		typeof requireUser
	>[0];

function thrown(fn: () => unknown): unknown {
	try {
		fn();
	} catch (e) {
		return e;
	}
	throw new Error('expected a throw');
}

describe('role helper', () => {
	it('ranks admin ⊇ instructor ⊇ learner', () => {
		expect(hasRole('admin', 'instructor')).toBe(true);
		expect(hasRole('instructor', 'learner')).toBe(true);
		expect(hasRole('learner', 'instructor')).toBe(false);
		expect(hasRole('instructor', 'admin')).toBe(false);
	});

	it('sends visitors to the login page with the path to come back to', () => {
		const e = thrown(() => requireRole(event(null), 'admin'));
		expect(isRedirect(e) && e.status === 303 && e.location).toBe(
			'/login?redirectTo=%2Fadmin%2Fusers%3Fq%3Dx'
		);
	});

	it('answers a too-low role with 403 and lets the right role through', () => {
		const e = thrown(() => requireRole(event(user('learner')), 'admin'));
		expect(isHttpError(e) && e.status).toBe(403);
		expect(requireRole(event(user('admin')), 'instructor').role).toBe('admin');
		expect(requireUser(event(user('learner'))).id).toBe(1);
	});

	it('accepts only same-site redirect paths', () => {
		expect(safeRedirectPath('/cases/x?y=1#z')).toBe('/cases/x?y=1#z');
		for (const bad of [
			'https://evil.example',
			'//evil.example',
			'/\\evil.example',
			'javascript:alert(1)',
			'/\tfoo',
			// Dot segments resolve to a protocol-relative "//evil.example" path.
			'/a/..//evil.example',
			'/.//evil.example',
			'/en/../..//evil.example/x',
			'',
			null,
			'cases'
		]) {
			expect(safeRedirectPath(bad)).toBe('/');
		}
	});
});
