/**
 * Invite codes: 10 characters from a 31-letter alphabet without look-alikes (no I, L, O, 0, 1),
 * about 49 bits from crypto.getRandomValues — enough that guessing is hopeless behind the
 * registration rate limit. Shown as "ABCDE-FGHJK"; typed in any case, with or without spaces/dashes.
 */
export const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const INVITE_CODE_LENGTH = 10;

/** A new random invite code (upper-case, no separator), by rejection sampling (no modulo bias). */
export function generateInviteCode(): string {
	const out: string[] = [];
	const limit = 256 - (256 % INVITE_ALPHABET.length);
	while (out.length < INVITE_CODE_LENGTH) {
		const bytes = new Uint8Array(16);
		crypto.getRandomValues(bytes);
		for (const b of bytes) {
			if (b < limit && out.length < INVITE_CODE_LENGTH)
				out.push(INVITE_ALPHABET[b % INVITE_ALPHABET.length]);
		}
	}
	return out.join('');
}

/** The stored form of what someone typed: upper-case, spaces and dashes removed. */
export function normaliseInviteCode(input: string): string {
	return input.toUpperCase().replace(/[\s\-–—_]/g, '');
}

/** "ABCDEFGHJK" → "ABCDE-FGHJK" for display. */
export function formatInviteCode(code: string): string {
	const half = Math.ceil(code.length / 2);
	return `${code.slice(0, half)}-${code.slice(half)}`;
}
