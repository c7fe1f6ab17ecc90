import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import { makeContentDir, type ContentDir } from '../../../../tests/support/content';
import { makeUser } from '../../../../tests/support/factories';
import { makeAnswer, makeThread } from '../../../../tests/support/forum';
import type { Db } from '../db';
import { auditLog, faqEntries, type User } from '../db/schema';
import { syncContent } from '../content/sync';
import { searchSite } from '../search';
import { ForumError } from './errors';
import { getFaqPage, listFaq } from './faq';
import { deleteFaqEntry, promoteThread, promotionDraft, updateFaqEntry } from './faq-curation';
import { acceptAnswer } from './votes';

let db: Db;
let cleanup: () => void;
let dir: ContentDir;
let asker: User;
let instructor: User;

const faqFile = (lang: 'zh-CN' | 'en', extra = '') =>
	lang === 'zh-CN'
		? `id: faq-demo\nmodule: 3\nlastReviewed: 2026-11-29\nquestion: "幂等键有什么用？"\nsummary: "让重试不会重复执行写操作。"\nanswer: |\n  用幂等键保证重试安全${extra}。\n`
		: `id: faq-demo\nmodule: 3\nlastReviewed: 2026-11-29\nquestion: "What are idempotency keys for?"\nsummary: "They make retries of writes safe."\nanswer: |\n  Idempotency keys make retries safe${extra}.\n`;

beforeAll(async () => {
	({ db, cleanup } = createTestDb());
	dir = makeContentDir();
	dir.write('faq/demo/zh-CN.yaml', faqFile('zh-CN'));
	dir.write('faq/demo/en.yaml', faqFile('en'));
	expect(syncContent(db, dir.root).problems).toEqual([]);
	asker = await makeUser(db);
	instructor = await makeUser(db, { role: 'instructor' });
});
afterAll(() => {
	dir.cleanup();
	cleanup();
});

const input = {
	module: 8,
	titleZh: '提供方宕机时怎么办？',
	answerZh: '打开**熔断器**，转入降级处理。',
	titleEn: null,
	answerEn: null
};

describe('FAQ: seeded and promoted entries', () => {
	it('lists the seeded entry in both languages, grouped by module', () => {
		expect(listFaq(db, 'zh-CN')).toMatchObject([
			{ id: 'faq-demo', path: '/faq/demo', title: '幂等键有什么用？', module: 3, promoted: false }
		]);
		expect(getFaqPage(db, 'demo', 'en')?.html).toContain('Idempotency keys');
	});

	it('drafts a promotion from the accepted answer in the thread’s language and module', () => {
		const t = makeThread(db, asker, {
			title: '提供方整体宕机时应该怎么办？',
			body: '整个提供方都不可用了。',
			tags: ['module:8']
		});
		makeAnswer(db, instructor, t.id, 'A low-voted answer.');
		const good = makeAnswer(db, instructor, t.id, '用熔断器快速失败，转入降级。');
		acceptAnswer(db, asker, t.id, good.id);
		expect(promotionDraft(db, t.id)).toEqual({
			module: 8,
			titleZh: '提供方整体宕机时应该怎么办？',
			answerZh: '用熔断器快速失败，转入降级。',
			titleEn: null,
			answerEn: null
		});
	});

	it('only instructors promote; the entry is audited, listed, searchable, shown in the other language too', () => {
		const t = makeThread(db, asker);
		expect(() => promoteThread(db, asker, t.id, input)).toThrow(ForumError);
		const e = promoteThread(db, instructor, t.id, input);
		expect(e.htmlZh).toContain('<strong>熔断器</strong>');
		expect(db.select().from(auditLog).where(eq(auditLog.action, 'faq.promote')).all()).toHaveLength(
			1
		);
		const list = listFaq(db, 'en');
		expect(list.map((x) => x.id)).toEqual(['faq-demo', `db-${e.id}`]);
		expect(list[1]).toMatchObject({
			title: '提供方宕机时怎么办？',
			lang: 'zh-CN',
			promoted: true,
			path: `/faq/${e.id}`
		});
		expect(
			searchSite(db, '熔断器', { kinds: ['faq'], locale: 'en' }).hits.map((h) => h.id)
		).toEqual([`db-${e.id}`]);
		expect(getFaqPage(db, String(e.id), 'en')?.threadId).toBe(t.id);
	});

	it('a content sync never touches promoted entries, even when the seeded ones change or go', () => {
		const before = db.select().from(faqEntries).all();
		expect(before).toHaveLength(1);
		dir.write('faq/demo/zh-CN.yaml', faqFile('zh-CN', '，也让重复提交无害'));
		dir.write('faq/demo/en.yaml', faqFile('en', ', and double submits harmless'));
		expect(syncContent(db, dir.root).updated).toEqual(['faq-demo']);
		dir.remove('faq/demo');
		expect(syncContent(db, dir.root).archived).toEqual(['faq-demo']);
		expect(db.select().from(faqEntries).all()).toEqual(before);
		expect(listFaq(db, 'zh-CN').map((x) => x.id)).toEqual([`db-${before[0].id}`]);
		expect(searchSite(db, '熔断器', { kinds: ['faq'], locale: 'zh-CN' }).total).toBe(1);
		expect(searchSite(db, '幂等键', { kinds: ['faq'], locale: 'zh-CN' }).total).toBe(0);
	});

	it('instructors edit and remove promoted entries (audited)', () => {
		const [e] = db.select().from(faqEntries).all();
		const updated = updateFaqEntry(db, instructor, e.id, {
			...input,
			titleEn: 'What if the provider is down?',
			answerEn: 'Open the circuit breaker and degrade.'
		});
		expect(updated.htmlEn).toContain('circuit breaker');
		expect(listFaq(db, 'en').find((x) => x.id === `db-${e.id}`)).toMatchObject({
			lang: 'en',
			title: 'What if the provider is down?'
		});
		expect(() => updateFaqEntry(db, asker, e.id, input)).toThrow(ForumError);
		deleteFaqEntry(db, instructor, e.id);
		expect(db.select().from(faqEntries).all()).toEqual([]);
		expect(searchSite(db, '熔断器', { kinds: ['faq'] }).total).toBe(0);
		expect(db.select().from(auditLog).where(eq(auditLog.action, 'faq.update')).all()).toHaveLength(
			1
		);
		expect(db.select().from(auditLog).where(eq(auditLog.action, 'faq.delete')).all()).toHaveLength(
			1
		);
	});
});
