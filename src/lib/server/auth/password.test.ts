import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './password';

describe('password policy', () => {
	it('needs 8 to 128 characters, counted as code points', () => {
		expect(checkPasswordPolicy('1234567')).toBe('too_short');
		expect(checkPasswordPolicy('密码密码密码密')).toBe('too_short'); // 7 characters
		expect(checkPasswordPolicy('密码密码密码密码')).toBeNull(); // 8 characters
		expect(checkPasswordPolicy('😀'.repeat(8))).toBeNull(); // 8 code points, 16 UTF-16 units
		expect(
			checkPasswordPolicy(
				'a'.repeat(128).replace(/a/g, (_, i) => String.fromCharCode(97 + (i % 26)))
			)
		).toBeNull();
		expect(checkPasswordPolicy('x'.repeat(129))).toBe('too_long');
	});

	it('has no composition rules', () => {
		expect(checkPasswordPolicy('all lower case words')).toBeNull();
	});

	it('refuses common passwords, case-insensitively', () => {
		expect(checkPasswordPolicy('password')).toBe('common');
		expect(checkPasswordPolicy('PASSWORD')).toBe('common');
		expect(checkPasswordPolicy('12345678')).toBe('common');
		expect(checkPasswordPolicy('qwertyuiop')).toBe('common');
	});
});

describe('argon2id hashing', () => {
	it('produces an argon2id PHC string with at least the OWASP minimum cost', async () => {
		const h = await hashPassword('a long passphrase');
		expect(h).toMatch(/^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=1\$/);
		const [, mem, time] = h.match(/m=(\d+),t=(\d+)/)!;
		expect(Number(mem)).toBeGreaterThanOrEqual(19456);
		expect(Number(time)).toBeGreaterThanOrEqual(2);
		expect(await verifyPassword(h, 'a long passphrase')).toBe(true);
		expect(await verifyPassword(h, 'a long passphrasE')).toBe(false);
		expect(await verifyPassword('not a hash', 'x')).toBe(false);
	});
});
