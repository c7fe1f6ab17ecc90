import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Role } from '../db/schema';
import type { SessionUser } from './session';
import { localizeHref } from '../../paraglide/runtime';
import { m } from '../../paraglide/messages';

const RANK: Record<Role, number> = { learner: 0, instructor: 1, admin: 2 };

/** True when `role` includes the rights of `needed` (admin ⊇ instructor ⊇ learner). */
export function hasRole(role: Role, needed: Role): boolean {
	return RANK[role] >= RANK[needed];
}

/**
 * Returns `target` when it is a same-site path ("/cases/x?y"), else "/". Refuses absolute URLs,
 * protocol-relative "//host", back-slash tricks and anything that resolves to another origin.
 */
export function safeRedirectPath(target: string | null | undefined): string {
	if (!target || !target.startsWith('/') || target.startsWith('//') || target.includes('\\'))
		return '/';
	// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
	if (/[\u0000-\u001f]/.test(target)) return '/';
	try {
		const base = 'http://casebook.invalid';
		const url = new URL(target, base);
		// "/a/..//evil.example" resolves to the path "//evil.example", which a browser reads as a host.
		if (url.origin !== base || url.pathname.startsWith('//')) return '/';
		return url.pathname + url.search + url.hash;
	} catch {
		return '/';
	}
}

/**
 * The signed-in user, or a 303 redirect to the (localised) login page with `redirectTo` set to
 * the current path. Call it first in every load and action that needs a user.
 */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
	const user = event.locals.user;
	if (!user) {
		const here = event.url.pathname + event.url.search;
		redirect(303, localizeHref(`/login?redirectTo=${encodeURIComponent(here)}`));
	}
	return user;
}

/**
 * The signed-in user if their role includes `role`; otherwise redirect to login (not signed in)
 * or a 403 error page (signed in with too low a role).
 */
export function requireRole(event: Pick<RequestEvent, 'locals' | 'url'>, role: Role): SessionUser {
	const user = requireUser(event);
	if (!hasRole(user.role, role)) error(403, m.error_forbidden());
	return user;
}
