/**
 * Counting answer length the way the limits are stated, in the browser and on the server alike.
 *
 * - `characters`: Unicode code points, so a Chinese character (even one outside the Basic
 *   Multilingual Plane, which JavaScript's `length` counts twice) is 1. This is what the
 *   exercise's `maxChars` and FEEDBACK_MAX_ANSWER_CHARS limit.
 * - `words`: what a Chinese word processor reports as 字数 — each Han character, plus each run of
 *   Latin letters or digits as one word — so "使用 API 网关" is 5 and "use an API gateway" is 4.
 */
export function countCharacters(text: string): number {
	let n = 0;
	for (const _ of text) n++;
	return n;
}

const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;

/** Han characters plus Latin/other words (see the module comment). */
export function countWords(text: string): number {
	let han = 0;
	for (const ch of text) if (HAN.test(ch)) han++;
	const others = text.replace(/\p{Script=Han}/gu, ' ').match(WORD)?.length ?? 0;
	return han + others;
}
