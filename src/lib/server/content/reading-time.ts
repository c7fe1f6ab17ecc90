const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

/**
 * Estimated reading time in whole minutes (at least 1): Chinese at 400 characters per minute plus
 * other languages at 230 words per minute (common reading-speed averages for expository text).
 */
export function readingMinutes(text: string): number {
	const cjk = text.match(CJK)?.length ?? 0;
	const words = text.replace(CJK, ' ').match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
	return Math.max(1, Math.ceil(cjk / 400 + words / 230));
}
