import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { getConfig } from '../config';

/** Length bounds in characters (NIST SP 800-63B §3.1.1.2: at least 8, allow at least 64, no composition rules). */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

let common: Set<string> | undefined;

/** The bundled list of common passwords (zxcvbn-ts's "passwords-common"), lower-cased, ≥ 8 characters. */
function commonPasswords(): Set<string> {
	common ??= new Set(
		(dictionary['passwords-common'] as string[])
			.map((p) => p.toLowerCase())
			.filter((p) => p.length >= PASSWORD_MIN)
	);
	return common;
}

export type PasswordProblem = 'too_short' | 'too_long' | 'common';

/**
 * Checks a new password against the policy: 8–128 characters (counted as Unicode code points),
 * no composition rules, not in the bundled common-password list (NIST SP 800-63B).
 * @returns the first problem found, or null when the password is acceptable.
 */
export function checkPasswordPolicy(password: string): PasswordProblem | null {
	const length = [...password].length;
	if (length < PASSWORD_MIN) return 'too_short';
	if (length > PASSWORD_MAX) return 'too_long';
	if (commonPasswords().has(password.toLowerCase())) return 'common';
	return null;
}

/**
 * Hashes with argon2id, m = ARGON2_MEMORY_KIB (≥ 19456 KiB), t = ARGON2_TIME_COST (≥ 2), p = 1
 * (OWASP Password Storage Cheat Sheet minimum). Returns a PHC string carrying its parameters.
 */
export async function hashPassword(password: string): Promise<string> {
	const cfg = getConfig();
	return hash(password, {
		algorithm: 2, // Argon2id
		memoryCost: cfg.ARGON2_MEMORY_KIB,
		timeCost: cfg.ARGON2_TIME_COST,
		parallelism: 1,
		outputLen: 32
	});
}

/** Verifies `password` against a PHC hash from {@link hashPassword}; false on a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of one verification against a throwaway hash, so an unknown email takes
 * as long to refuse as a wrong password (no account enumeration by timing).
 */
export async function verifyDummyPassword(password: string): Promise<void> {
	dummy ??= hashPassword('casebook-dummy-password');
	await verifyPassword(await dummy, password);
}
