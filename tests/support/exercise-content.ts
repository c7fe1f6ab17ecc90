import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../src/lib/server/db';
import { loadConfig } from '../../src/lib/server/config';
import { syncContent } from '../../src/lib/server/content/sync';
import { FeedbackWorker } from '../../src/lib/server/feedback/worker';
import { subscribeFeedback } from '../../src/lib/server/feedback/events';
import { resolveExerciseRubric } from '../../src/lib/server/exercises/rubrics';
import { makeContentDir, type ContentDir } from './content';

/** What a test exercise may vary; everything else is a small valid exercise (4 criteria × 3 levels). */
export type ExerciseOptions = {
	id?: string;
	case?: string | null;
	attemptLimit?: number;
	maxChars?: number;
	/** `{ at: 'YYYY-MM-DDTHH:mm', timeZone }`, or none. */
	due?: { at: string; timeZone: string } | null;
	/** YAML of the late policy, e.g. "{ kind: penalty, percentPerDay: 10 }". */
	latePolicy?: string;
	/** Points of the top level of the first criterion (a scoring change). */
	topPoints?: number;
	/** Replaces the en title of the first criterion (a wording change). */
	firstTitleEn?: string;
};

const CRITERIA = [
	{
		id: 'gateway',
		zh: ['网关与鉴权', 'API 网关'],
		en: ['Gateway and authentication', 'API gateway'],
		syn: ['网关', 'gateway']
	},
	{
		id: 'resilience',
		zh: ['故障与降级', '熔断'],
		en: ['Failures and fallback', 'circuit breaker'],
		syn: ['降级', 'fallback']
	},
	{
		id: 'interface',
		zh: ['接口设计', '幂等键'],
		en: ['Interface design', 'idempotency key'],
		syn: ['幂等', 'idempotent']
	},
	{
		id: 'monitoring',
		zh: ['监控', '监控指标'],
		en: ['Monitoring', 'monitoring metrics'],
		syn: ['告警', 'alerting']
	}
];

/** One language file of a test exercise (see cases/exercises/README.md). */
export function exerciseFile(lang: 'zh-CN' | 'en', o: ExerciseOptions = {}): string {
	const zh = lang === 'zh-CN';
	const rubric = CRITERIA.map((c, i) => {
		const top = i === 0 ? (o.topPoints ?? 4) : 4;
		const title = i === 0 && !zh && o.firstTitleEn ? o.firstTitleEn : zh ? c.zh[0] : c.en[0];
		return `  - id: ${c.id}
    title: ${title}
    levels:
      - level: 0
        points: 0
        descriptor: ${zh ? '没有涉及。' : 'Not addressed.'}
      - level: 1
        points: 2
        descriptor: ${zh ? '提到但不具体。' : 'Mentioned, not specific.'}
      - level: 2
        points: ${top}
        descriptor: ${zh ? '具体且有理由。' : 'Specific and justified.'}
    concepts:
      - id: ${c.id}-concept
        term: { zh-CN: ${c.zh[1]}, en: ${c.en[1]} }
        synonyms:
          zh-CN: [${c.syn[0]}]
          en: [${c.syn[1]}]`;
	}).join('\n');
	const due = o.due ? `due:\n  at: ${o.due.at}\n  timeZone: ${o.due.timeZone}\n` : '';
	const sections = zh
		? ['场景', '任务', '约束', '提交要求']
		: ['Scenario', 'Tasks', 'Constraints', 'What to submit'];
	return `---
id: ${o.id ?? 'exercise-demo'}
title: ${zh ? '为银行助手设计网关' : 'Design the gateway of a bank assistant'}
${o.case === null ? '' : `case: ${o.case ?? 'case-bank-demo'}\n`}modules: [3, 8]
difficulty: intermediate
estimatedMinutes: 30
attemptLimit: ${o.attemptLimit ?? 2}
maxChars: ${o.maxChars ?? 2000}
${due}latePolicy: ${o.latePolicy ?? '{ kind: accept }'}
rubric:
${rubric}
---

## ${sections[0]}

${zh ? '一家虚构的银行要给助手加一个网关。' : 'A fictional bank adds a gateway to its assistant.'}

## ${sections[1]}

1. ${zh ? '设计网关。' : 'Design the gateway.'}

## ${sections[2]}

- ${zh ? '每秒 50 个请求。' : '50 requests per second.'}

## ${sections[3]}

${zh ? '不超过 2000 字。' : 'At most 2000 characters.'}
`;
}

/** Writes both language files of a test exercise at `<root>/exercises/<slug>/`. */
export function writeExercise(root: string, slug: string, o: ExerciseOptions = {}): void {
	const dir = join(root, 'exercises', slug);
	mkdirSync(dir, { recursive: true });
	for (const lang of ['zh-CN', 'en'] as const)
		writeFileSync(join(dir, `${lang}.md`), exerciseFile(lang, o));
}

/** An answer that covers every concept of the test exercise (the offline check gives full marks). */
export const STRONG_ANSWER_ZH =
	'## 方案\n\n所有请求经过 API 网关统一鉴权。依赖故障时熔断并降级。写接口带幂等键。监控指标包括错误率并设置告警。';
export const STRONG_ANSWER_EN =
	'## Design\n\nEvery request goes through an API gateway. A circuit breaker opens on failures with a fallback. Writes carry an idempotency key. Monitoring metrics with alerting cover error rates.';

/**
 * The exercise fixture most server tests start from: a fresh content folder (see ./content.ts, one
 * module and one case study) with the test exercises `exercises` (folder slug → options) written
 * into it, synced into `db`. Call `cleanup()` on the returned folder after the test.
 * @throws Error listing the sync's problems when the content does not sync cleanly.
 */
export function syncExercises(db: Db, exercises: Record<string, ExerciseOptions>): ContentDir {
	const content = makeContentDir();
	for (const [slug, o] of Object.entries(exercises)) writeExercise(content.root, slug, o);
	const { problems } = syncContent(db, content.root);
	if (problems.length > 0) {
		content.cleanup();
		throw new Error(`test exercises did not sync: ${JSON.stringify(problems)}`);
	}
	return content;
}

/**
 * Runs the real feedback worker (no provider configured: the offline check, polling every 10 ms)
 * until submission `submissionId` has its feedback, then stops the worker.
 */
export async function feedbackFor(db: Db, submissionId: number): Promise<void> {
	const worker = new FeedbackWorker({
		db,
		config: loadConfig({ FEEDBACK_POLL_MS: '10' }),
		resolveRubric: resolveExerciseRubric
	});
	const done = new Promise<void>((resolve) => {
		const off = subscribeFeedback(submissionId, (p) => {
			if (p.stage === 'done') {
				off();
				resolve();
			}
		});
	});
	worker.start();
	await done;
	await worker.stop();
}
