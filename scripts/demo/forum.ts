import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db';
import { contentItems, type User } from '../../src/lib/server/db/schema';
import {
	acceptAnswer,
	castVote,
	endorseAnswer,
	promoteThread,
	promotionDraft
} from '../../src/lib/server/forum';
import { makeAnswer, makeThread } from '../../tests/support/forum';
import type { DemoPeople } from './people';

type Reply = { by: 'instructor' | 'learner'; body: string };
type DemoThread = {
	title: string;
	body: string;
	tags: string[];
	replies: Reply[];
	/** Index of the reply the asker accepts; the instructor endorses it; the thread goes to the FAQ. */
	accept?: number;
	promote?: boolean;
};

/** The demo's questions: Chinese and English, answered, accepted, and one left unanswered. */
function threads(caseId: string | undefined): DemoThread[] {
	const caseTag = caseId ? [`case:${caseId}`] : [];
	return [
		{
			title: '熔断器打开以后，用户看到的应该是什么？',
			body: '案例里说熔断器几分钟内就打开了。打开期间，前端应该直接报错，还是展示降级内容？有没有推荐的做法？',
			tags: ['module:8', ...caseTag],
			replies: [
				{
					by: 'instructor',
					body: '推荐展示**降级内容**：已审核的 FAQ 原文加“转人工”入口，并明确告诉用户当前是简化模式。直接报错会把故障转嫁给用户。'
				},
				{ by: 'learner', body: '我们公司的做法类似，另外会在监控里单独统计降级次数。' }
			],
			accept: 0,
			promote: true
		},
		{
			title: 'JSON Schema 严格模式和 JSON mode 有什么区别？',
			body: '模块 3 提到有的服务商只支持 JSON mode。两者对接口设计的影响是什么？',
			tags: ['module:3'],
			replies: [
				{
					by: 'instructor',
					body: 'JSON mode 只保证输出是合法 JSON，**不保证**字段和类型；严格模式按 Schema 约束输出。无论哪种，服务端都要再校验一遍（例如用 zod）。'
				}
			],
			accept: 0
		},
		{
			title: 'How do I estimate tokens per minute for a help desk?',
			body: 'For the capacity part of the exercise: do I count prompt and completion tokens together when comparing against the provider limit?',
			tags: ['module:7'],
			replies: [
				{
					by: 'learner',
					body: 'I think most providers count both, but check their docs: some limit input tokens separately.'
				},
				{
					by: 'instructor',
					body: 'Both, unless the provider says otherwise. Estimate peak requests per minute × (prompt + max output tokens), then keep headroom for retries.'
				}
			],
			accept: 1
		},
		{
			title: 'Is it fine to send customer names to the model if the provider is in China?',
			body: 'PIPL question: the bank case strips names before calling the model. Is that required or just good practice?',
			tags: ['module:5'],
			replies: [
				{
					by: 'instructor',
					body: 'Minimise first: if the task does not need the name, do not send it. Whether it is required depends on the legal basis and the provider agreement; module 5 lists what to check.'
				}
			]
		},
		{
			title: '离线评分检查的分数和老师的成绩有什么关系？',
			body: '提交练习后看到“离线评分检查”给了一个临时分数，这个会算进成绩吗？',
			tags: ['module:12'],
			replies: []
		}
	];
}

/**
 * Q&A threads with answers (tests/support/forum's factories): learners ask, the first instructor
 * and other learners answer; accepted and endorsed answers, a few votes, one thread promoted to
 * the FAQ, one left unanswered.
 * @returns threads and answers created
 */
export function seedForum(db: Db, people: DemoPeople): { threads: number; answers: number } {
	const caseId = db
		.select({ id: contentItems.id })
		.from(contentItems)
		.where(and(eq(contentItems.kind, 'case'), isNull(contentItems.archivedAt)))
		.orderBy(contentItems.slug)
		.get()?.id;
	const teacher = people.instructors[0];
	const zhLearners = people.learners.filter((l) => l.locale === 'zh-CN');
	const enLearners = people.learners.filter((l) => l.locale === 'en');
	let answers = 0;
	const list = threads(caseId);
	list.forEach((t, i) => {
		const zh = /[\u4e00-\u9fff]/.test(t.title);
		const pool = (zh ? zhLearners : enLearners).length
			? zh
				? zhLearners
				: enLearners
			: people.learners;
		const asker = pool[i % pool.length];
		const helper: User = pool[(i + 1) % pool.length];
		const thread = makeThread(db, asker, { title: t.title, body: t.body, tags: t.tags });
		const posts = t.replies.map((r) => {
			const by = r.by === 'instructor' ? teacher : helper;
			answers++;
			return { post: makeAnswer(db, by, thread.id, r.body), by };
		});
		for (const { post, by } of posts) {
			for (const voter of pool.slice(0, 3))
				if (voter.id !== by.id && voter.id !== asker.id) castVote(db, voter, thread.id, post.id, 1);
		}
		if (t.accept !== undefined && posts[t.accept]) {
			const answerId = posts[t.accept].post.id;
			acceptAnswer(db, asker, thread.id, answerId);
			if (posts[t.accept].by.id === teacher.id) endorseAnswer(db, teacher, thread.id, answerId);
			if (t.promote) promoteThread(db, teacher, thread.id, promotionDraft(db, thread.id));
		}
	});
	return { threads: list.length, answers };
}
