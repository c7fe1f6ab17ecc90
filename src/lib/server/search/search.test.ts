import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import type { Db } from '../db';
import { syncContent } from '../content/sync';
import { indexDocuments, removeDocuments, searchSite, parseQuery, toFtsQuery } from './index';

let db: Db;
let cleanup: () => void;
beforeAll(() => {
	({ db, cleanup } = createTestDb());
	const report = syncContent(db, './cases');
	expect(report.problems).toEqual([]);
});
afterAll(() => cleanup());

const ids = (q: string, opts: Parameters<typeof searchSite>[2] = {}) =>
	searchSite(db, q, { limit: 100, ...opts }).hits.map((h) => h.id);
const hitTexts = (q: string, opts: Parameters<typeof searchSite>[2] = {}) =>
	searchSite(db, q, { limit: 100, ...opts }).hits.flatMap((h) =>
		[...h.title, ...h.snippet].filter((p) => p.hit).map((p) => p.text)
	);

describe('search over the shipped modules and cases', () => {
	it.each([
		['熔断', 'module-08'],
		['限流', 'module-05'],
		['鉴权', 'module-01'],
		['幂等', 'module-03'],
		['RAG 检索', 'module-10'],
		['"RAG 检索"', 'module-10'],
		['API 网关', 'module-04'],
		['"API 网关"', 'module-05']
	])('finds %s in the Chinese module pages (e.g. %s)', (q, expected) => {
		const found = ids(q, { locale: 'zh-CN', kinds: ['module'] });
		expect(found).toContain(expected);
		for (const term of q.replace(/"/g, '').split(' ')) {
			expect(hitTexts(q, { locale: 'zh-CN' }).map((t) => t.toLowerCase())).toContain(
				term.toLowerCase()
			);
		}
	});

	it('finds "API网关" written without a space as the same words', () => {
		expect(ids('API网关', { locale: 'zh-CN', kinds: ['module'] })).toEqual(
			ids('"API 网关"', { locale: 'zh-CN', kinds: ['module'] })
		);
	});

	it('finds case studies too', () => {
		expect(ids('熔断', { locale: 'zh-CN', kinds: ['case'] }).length).toBeGreaterThan(0);
	});

	it('matches English case-insensitively and highlights the original spelling', () => {
		const lower = ids('idempotency', { locale: 'en' });
		expect(lower.length).toBeGreaterThan(0);
		expect(ids('IDEMPOTENCY', { locale: 'en' })).toEqual(lower);
		expect(ids('IdEmPoTeNcY', { locale: 'en' })).toEqual(lower);
		expect(
			hitTexts('IDEMPOTENCY', { locale: 'en' }).some(
				(t) => t === 'idempotency' || t === 'Idempotency'
			)
		).toBe(true);
		expect(ids('circuit breaker', { locale: 'en', kinds: ['module'] })).toContain('module-08');
	});

	it('supports phrases, OR and prefixes', () => {
		const a = ids('熔断', { locale: 'zh-CN' });
		const b = ids('幂等', { locale: 'zh-CN' });
		const either = ids('熔断 OR 幂等', { locale: 'zh-CN' });
		expect(new Set(either)).toEqual(new Set([...a, ...b]));
		const both = ids('熔断 幂等', { locale: 'zh-CN' });
		expect(new Set(both)).toEqual(new Set(a.filter((x) => b.includes(x))));
		expect(ids('idempot*', { locale: 'en' })).toEqual(
			expect.arrayContaining(ids('idempotency', { locale: 'en' }))
		);
		expect(ids('"circuit breaker"', { locale: 'en' }).length).toBeGreaterThan(0);
		expect(ids('"breaker circuit"', { locale: 'en' }).length).toBeLessThan(
			ids('circuit breaker', { locale: 'en' }).length
		);
	});

	it('keeps languages apart unless asked for all', () => {
		expect(ids('熔断', { locale: 'en' }).length).toBeLessThan(ids('熔断').length);
		const hits = searchSite(db, '熔断', { locale: 'zh-CN' }).hits;
		expect(hits.every((h) => h.locale === 'zh-CN' && h.url.startsWith('/'))).toBe(true);
	});
});

describe('FTS syntax typed by users never causes an error', () => {
	const nasty = [
		'"',
		'""',
		'"unterminated phrase',
		'a OR',
		'OR b',
		'OR OR OR',
		'a AND',
		'NOT',
		'NEAR(',
		'NEAR(a b, 3)',
		'NEAR(熔断 限流',
		'*',
		'**',
		'a*b*',
		'^start',
		'col:value',
		'title_bi : x',
		'{title_bi body_bi}: x',
		'(((',
		')',
		'- minus',
		'+plus',
		"it's",
		'\\',
		'%_',
		'熔断"',
		'"熔断" OR "',
		'\u0000',
		'😀 emoji',
		'a'.repeat(1000),
		'熔'.repeat(600)
	];
	it.each(nasty.map((q) => [JSON.stringify(q).slice(0, 40), q]))('%s', (_label, q) => {
		expect(() => searchSite(db, q)).not.toThrow();
	});

	it('survives 500 random strings of syntax characters and words', () => {
		let seed = 42;
		const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		const atoms = [
			'"',
			'(',
			')',
			'*',
			':',
			'^',
			'{',
			'}',
			'OR',
			'AND',
			'NOT',
			'NEAR(',
			' ',
			'-',
			'+',
			'熔断',
			'api',
			'网',
			',',
			"'"
		];
		for (let i = 0; i < 500; i++) {
			const q = Array.from(
				{ length: 1 + Math.floor(rand() * 8) },
				() => atoms[Math.floor(rand() * atoms.length)]
			).join('');
			const expr = toFtsQuery(parseQuery(q));
			// The expression itself must be valid FTS5, not merely caught somewhere.
			if (expr)
				expect(() =>
					db.all(sql`select rowid from search_fts where search_fts match ${expr} limit 1`)
				).not.toThrow();
			expect(() => searchSite(db, q)).not.toThrow();
		}
	});
});

describe('the search interface for other sources', () => {
	it('indexes, replaces and removes documents of a new kind', () => {
		const doc = {
			kind: 'question',
			id: '17',
			locale: 'zh-CN' as const,
			title: '网关怎样做限流？',
			body: '我们的 API 网关需要按租户限流，Retry-After 应该怎么设？',
			url: '/questions/17',
			tags: ['module:5']
		};
		indexDocuments(db, [doc]);
		expect(ids('按租户限流', { kinds: ['question'] })).toEqual(['17']);
		indexDocuments(db, [{ ...doc, body: '改成按用户配额。' }]);
		expect(ids('按租户限流', { kinds: ['question'] })).toEqual([]);
		expect(ids('用户配额', { kinds: ['question'] })).toEqual(['17']);
		const hit = searchSite(db, '限流', { kinds: ['question'] }).hits[0];
		expect(hit).toMatchObject({
			kind: 'question',
			id: '17',
			url: '/questions/17',
			tags: ['module:5']
		});
		expect(hit.title).toEqual([
			{ text: '网关怎样做', hit: false },
			{ text: '限流', hit: true },
			{ text: '？', hit: false }
		]);
		expect(removeDocuments(db, 'question', ['17'])).toBe(1);
		expect(ids('用户配额', { kinds: ['question'] })).toEqual([]);
	});
});
