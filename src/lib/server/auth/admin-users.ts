import { immediate, type Db } from '../db';
import type { Role } from '../db/schema';
import { audit } from '../audit';
import { notify } from '../notifications';
import { countActiveAdmins, getUserById, setUserDisabled, setUserRole } from './user';

/**
 * Admin changes to accounts, each in one transaction with its audit row, so the rules
 * (the last enabled admin stays; nobody disables themselves) cannot race another admin.
 */

export type AdminChangeResult =
	| { ok: true; displayName: string; changed: boolean }
	| { ok: false; reason: 'not_found' | 'last_admin' | 'self' };

/**
 * Sets a user's role; audited as "user.role_change" (before → after) and the user is notified.
 * Refuses to demote the last enabled admin. Setting the same role again changes nothing.
 */
export function changeUserRole(
	db: Db,
	actorId: number,
	userId: number,
	role: Role
): AdminChangeResult {
	return immediate(db, (tx) => {
		const target = getUserById(tx, userId);
		if (!target) return { ok: false, reason: 'not_found' };
		if (target.role === role) return { ok: true, displayName: target.displayName, changed: false };
		if (target.role === 'admin' && !target.disabledAt && countActiveAdmins(tx) <= 1)
			return { ok: false, reason: 'last_admin' };
		setUserRole(tx, userId, role);
		audit(tx, {
			actorId,
			action: 'user.role_change',
			targetType: 'user',
			targetId: userId,
			before: { role: target.role },
			after: { role }
		});
		notify(tx, userId, 'role_changed', { role });
		return { ok: true, displayName: target.displayName, changed: true };
	});
}

/**
 * Disables (ending all their sessions) or re-enables a user; audited as "user.disable" /
 * "user.enable". Refuses to disable oneself or the last enabled admin.
 */
export function changeUserDisabled(
	db: Db,
	actorId: number,
	userId: number,
	disabled: boolean,
	now = new Date()
): AdminChangeResult {
	return immediate(db, (tx) => {
		const target = getUserById(tx, userId);
		if (!target) return { ok: false, reason: 'not_found' };
		if (Boolean(target.disabledAt) === disabled)
			return { ok: true, displayName: target.displayName, changed: false };
		if (disabled) {
			if (target.id === actorId) return { ok: false, reason: 'self' };
			if (target.role === 'admin' && countActiveAdmins(tx) <= 1)
				return { ok: false, reason: 'last_admin' };
		}
		setUserDisabled(tx, userId, disabled, now);
		audit(tx, {
			actorId,
			action: disabled ? 'user.disable' : 'user.enable',
			targetType: 'user',
			targetId: userId,
			before: { disabledAt: target.disabledAt?.toISOString() ?? null },
			after: { disabledAt: disabled ? now.toISOString() : null }
		});
		return { ok: true, displayName: target.displayName, changed: true };
	});
}
