import { immediate, type Db } from '../db';
import type { Locale, User } from '../db/schema';
import { checkInviteCode, joinCohortByCode } from '../cohorts';
import { createUser } from './user';

/** Thrown by {@link registerUser} when the invite code is unknown or its cohort's term is over. */
export class InviteRefusedError extends Error {
	constructor(public readonly reason: 'unknown' | 'expired') {
		super(`invite code refused: ${reason}`);
		this.name = 'InviteRefusedError';
	}
}

/**
 * Creates an account and, with an invite code, its cohort membership — in one transaction, so a
 * refused code leaves no account behind. The registration mode is the caller's business.
 * @throws InviteRefusedError for an unknown or expired code; EmailTakenError for a taken email.
 */
export function registerUser(
	db: Db,
	input: {
		email: string;
		displayName: string;
		passwordHash: string;
		locale: Locale;
		timeZone: string;
		inviteCode?: string;
	},
	now = Date.now()
): User {
	const { inviteCode, ...account } = input;
	if (inviteCode) {
		// Checked first so a bad code is reported even when the email is also taken.
		const check = checkInviteCode(db, inviteCode, now);
		if (!check.ok) throw new InviteRefusedError(check.reason);
	}
	return immediate(db, (tx) => {
		const user = createUser(tx, account);
		if (inviteCode) {
			const joined = joinCohortByCode(tx, user, inviteCode, now);
			if (!joined.ok) throw new InviteRefusedError(joined.reason); // code changed meanwhile: roll back
		}
		return user;
	});
}
