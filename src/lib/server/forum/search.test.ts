import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import { makeAnswer, makeThread } from '../../../../tests/support/forum';
import type { Db } from '../db';
import type { User } from '../db/schema';
import { syncContent } from '../content/sync';
import { searchSite } from '../search';
import { findSimilar, similarQuery } from './similar';
import { hidePost, restorePost } from './moderation';
import { acceptAnswer } from './votes';
import { getThreadView } from './view';

let db: Db;
let cleanup: () => void;
let asker: User;
let answerer: User;
let instructor: User;
const t: Record<string, number> = {};

beforeAll(async () => {
	({ db, cleanup } = createTestDb());
	expect(syncContent(db, './cases').problems).toEqual([]);
	asker = await makeUser(db);
	answerer = await makeUser(db);
	instructor = await makeUser(db, { role: 'instructor' });
	t.breaker = makeThread(db, asker, {
		title: '熔断器打开后应该降级到哪里？',
		body: '提供方连续超时，熔断器打开以后，我们是返回缓存结果还是切换备用模型？',
		tags: ['module:8']
	}).id;
	t.limit = makeThread(db, asker, {
		title: '网关怎样按租户限流？',
		body: '我们的 API 网关需要按租户限流，Retry-After 应该怎么设置？',
		tags: ['module:5']
	}).id;
	t.rag = makeThread(db, asker, {
		title: 'How large should RAG chunks be?',
		body: 'Our retrieval returns whole documents. How do we choose the chunk size for RAG?',
		tags: ['module:1']
	}).id;
	t.mixed = makeThread(db, asker, {
		title: 'RAG 检索结果如何做权限过滤？',
		body: '检索增强时，用户无权查看的文档片段不能进入提示。',
		tags: ['module:1', 'rag']
	}).id;
	makeAnswer(db, answerer, t.limit, '用令牌桶，并在 429 时返回 Retry-After。');
});
afterAll(() => cleanup());

const ids = (q: string, opts: Parameters<typeof searchSite>[2] = {}) =>
	searchSite(db, q, { kinds: ['question'], locale: 'zh-CN', limit: 50, ...opts }).hits.map((h) =>
		Number(h.id)
	);

describe('Q&A in site search', () => {
	it('finds Chinese questions by 熔断 and 限流 in either language’s index', () => {
		expect(ids('熔断', { locale: 'zh-CN' })).toEqual([t.breaker]);
		expect(ids('熔断', { locale: 'en' })).toEqual([t.breaker]);
		expect(ids('限流', { locale: 'zh-CN' })).toEqual([t.limit]);
	});

	it('finds "RAG" in English and Chinese threads, and mixed queries', () => {
		expect(new Set(ids('RAG', { locale: 'zh-CN' }))).toEqual(new Set([t.rag, t.mixed]));
		expect(ids('rag 权限', { locale: 'zh-CN' })).toEqual([t.mixed]);
		expect(ids('RAG检索', { locale: 'zh-CN' })).toEqual([t.mixed]);
		expect(ids('chunk size', { locale: 'en' })).toEqual([t.rag]);
	});

	it('indexes answers too, and filters by tag and answered state', () => {
		expect(ids('令牌桶')).toEqual([t.limit]);
		expect(ids('限流', { tags: ['module:5'] })).toEqual([t.limit]);
		expect(ids('限流', { tags: ['module:8'] })).toEqual([]);
		expect(ids('网关', { tags: ['state:answered'] })).toEqual([t.limit]);
		expect(ids('熔断', { tags: ['state:unanswered'] })).toEqual([t.breaker]);
		expect(ids('RAG', { tags: ['rag'] })).toEqual([t.mixed]);
		const a = getThreadView(db, t.limit, null).answers[0].id;
		acceptAnswer(db, asker, t.limit, a);
		expect(ids('网关', { tags: ['state:accepted'] })).toEqual([t.limit]);
	});

	it('drops a hidden question from the index and brings it back when restored', () => {
		const q = getThreadView(db, t.breaker, null).question.id;
		hidePost(db, instructor, t.breaker, q, 'test');
		expect(ids('熔断')).toEqual([]);
		restorePost(db, instructor, t.breaker, q);
		expect(ids('熔断', { locale: 'zh-CN' })).toEqual([t.breaker]);
	});

	it('finds the seeded FAQ entries', () => {
		const hits = (q: string, locale: 'zh-CN' | 'en') =>
			searchSite(db, q, { locale, kinds: ['faq'] }).hits.map((h) => h.id);
		expect(hits('提示注入', 'zh-CN')).toContain('faq-prompt-injection');
		expect(hits('prompt injection', 'en')).toContain('faq-prompt-injection');
		expect(hits('RAG', 'zh-CN')).toContain('faq-rag');
		expect(hits('熔断器', 'zh-CN')).toContain('faq-provider-outage-fallback');
	});
});

describe('similar questions', () => {
	it('builds an OR query of content words, leaving question words out', () => {
		expect(similarQuery('How do I rate-limit the gateway?')).toBe('"rate" OR "limit" OR "gateway"');
		expect(similarQuery('如何限流？')).toBe('"限流"');
		expect(similarQuery('我们的网关怎样限流')).toBe('"网关" OR "限流"');
		expect(similarQuery('how to do it?')).toBeNull();
	});

	it('suggests threads sharing words, in Chinese and English, never the excluded one', () => {
		const zh = findSimilar(db, '网关限流怎么配置', 'zh-CN').filter((h) => h.kind === 'question');
		expect(zh[0]?.id).toBe(String(t.limit));
		expect(zh[0].title.some((p) => p.hit)).toBe(true);
		const en = findSimilar(db, 'choosing RAG chunk sizes', 'en').filter(
			(h) => h.kind === 'question'
		);
		expect(en[0]?.id).toBe(String(t.rag));
		const excluded = findSimilar(db, 'choosing RAG chunk sizes', 'en', { excludeThreadId: t.rag });
		expect(excluded.some((h) => h.kind === 'question' && h.id === String(t.rag))).toBe(false);
	});

	it('also suggests FAQ entries', () => {
		expect(findSimilar(db, '怎样防范提示注入攻击', 'zh-CN').map((h) => h.id)).toContain(
			'faq-prompt-injection'
		);
	});
});

describe('reindexForum', () => {
	it('rebuilds the thread documents from the database', async () => {
		const { reindexForum } = await import('./index');
		const { removeDocuments } = await import('../search');
		removeDocuments(db, 'question');
		expect(ids('熔断', { locale: 'zh-CN' })).toEqual([]);
		expect(reindexForum(db)).toBeGreaterThanOrEqual(4);
		expect(ids('熔断', { locale: 'zh-CN' })).toEqual([t.breaker]);
	});
});
