import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * True when an `Authorization` header carries `Bearer <expected>`. The comparison is constant-time
 * (both sides hashed to 32 bytes first, so neither the token nor its length leaks through timing).
 * The scheme name is case-insensitive (RFC 7235); the token is compared exactly.
 */
export function bearerTokenMatches(header: string | null, expected: string): boolean {
	const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
	const given = match?.[1] ?? '';
	// Always compare, even without a token, so a missing header takes the same path.
	const same = timingSafeEqual(digest(given), digest(expected));
	return match !== null && same;
}
