import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../src/lib/server/db';
import { contentItems, type User } from '../../src/lib/server/db/schema';
import type { Config } from '../../src/lib/server/config';
import { submitExercise, resolveExerciseRubric } from '../../src/lib/server/exercises';
import { FeedbackWorker, type Rubric } from '../../src/lib/server/feedback';
import { countOpenJobs } from '../../src/lib/server/feedback/jobs';
import type { DemoPeople } from './people';

/** Exercises the demo learners answer (the first live ones that accept a submission today). */
const EXERCISES = 3;
/** Share of each criterion's key concepts a learner's first answer mentions, by learner index. */
const SHARES = [1, 0.75, 0.5, 0.25];

/**
 * An answer in the learner's language that mentions `share` of each criterion's key concepts
 * (at least none, at most all), one section per criterion: the offline check then estimates a
 * spread of levels, as real answers would get.
 */
export function demoAnswer(rubric: Rubric, locale: User['locale'], share: number): string {
	const zh = locale === 'zh-CN';
	const parts = rubric.criteria.map((c) => {
		const n = Math.round(c.concepts.length * share);
		const terms = c.concepts.slice(0, n).map((k) => k.term[locale]);
		const title = c.title[locale];
		const text =
			terms.length === 0
				? zh
					? '这一部分还需要再想一想。'
					: 'I still need to think this part through.'
				: zh
					? `方案在这一部分考虑了${terms.join('、')}，并说明了取舍。`
					: `For this part the design relies on ${terms.join(', ')}, with the trade-offs explained.`;
		return `## ${title}\n\n${text}`;
	});
	return parts.join('\n\n') + '\n';
}

/**
 * Design exercise submissions: every learner answers the first {@link EXERCISES} live exercises
 * that accept a submission (quality varies by learner), and every other learner revises their
 * first answer (a second, better version). Feedback comes from {@link produceFeedback}.
 * @returns the number of submissions stored
 */
export function seedSubmissions(db: Db, people: DemoPeople): number {
	const items = db
		.select({ id: contentItems.id, version: contentItems.version })
		.from(contentItems)
		.where(and(eq(contentItems.kind, 'exercise'), isNull(contentItems.archivedAt)))
		.orderBy(asc(contentItems.slug))
		.all();
	let stored = 0;
	let used = 0;
	for (const item of items) {
		if (used >= EXERCISES) break;
		const rubric = resolveExerciseRubric(db, item.id, item.version);
		if (!rubric) continue;
		let any = false;
		people.learners.forEach((learner, i) => {
			const versions = i % 2 === 0 && used === 0 ? 2 : 1;
			for (let v = 0; v < versions; v++) {
				const share = Math.min(1, SHARES[(i + used) % SHARES.length] + v * 0.25);
				const r = submitExercise(db, {
					userId: learner.id,
					itemId: item.id,
					locale: learner.locale,
					answer: demoAnswer(rubric, learner.locale, share),
					idempotencyKey: `demo-${learner.id}-${item.id}-${v}`,
					pipelineMaxChars: 20_000
				});
				if (r.ok) {
					stored++;
					any = true;
				}
			}
		});
		if (any) used++;
	}
	return stored;
}

/**
 * Runs the real feedback worker with no provider (so every answer gets the offline rubric check,
 * whatever LLM_* says: the demo never spends money) until no job is open.
 * @throws Error when jobs are still open after `timeoutMs`
 */
export async function produceFeedback(db: Db, config: Config, timeoutMs = 120_000): Promise<void> {
	const worker = new FeedbackWorker({
		db,
		config: { ...config, LLM_BASE_URL: undefined, LLM_MODEL: undefined, FEEDBACK_POLL_MS: 20 },
		resolveRubric: resolveExerciseRubric
	});
	worker.start();
	const until = Date.now() + timeoutMs;
	try {
		while (countOpenJobs(db) > 0) {
			if (Date.now() > until) throw new Error('demo: feedback jobs still open');
			await new Promise((r) => setTimeout(r, 50));
		}
	} finally {
		await worker.stop();
	}
}
