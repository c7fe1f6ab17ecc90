import {
	adjacentAgreement,
	exactAgreement,
	meanAbsoluteError,
	quadraticWeightedKappa,
	type LevelPair
} from './eval-metrics';
import type { FeedbackResult } from './result';
import { sortedLevels, type FeedbackLocale, type Rubric } from './rubric';

/** One labelled answer: the instructor's level per criterion id. */
export type EvalItem = {
	id: string;
	rubricId: string;
	locale: FeedbackLocale;
	quality: string;
	levels: Record<string, number>;
	/** For an answer with an injected instruction: the id of the same answer without it. */
	injectionOf?: string;
	answer: string;
};

/** Grades one answer (the offline check, or the model with the offline check as fallback). */
export type EvalGrader = (
	rubric: Rubric,
	answer: string,
	locale: FeedbackLocale
) => Promise<FeedbackResult>;

type Agreement = {
	n: number;
	qwk: number | null;
	exact: number | null;
	adjacent: number | null;
	/** Mean absolute error in levels (per criterion) and in points (per answer total). */
	maeLevels: number | null;
	maePoints: number | null;
};

export type EvalReport = {
	mode: string;
	promptVersion: string | null;
	generatedAt: string;
	answers: number;
	overall: Agreement;
	perRubric: Record<string, Agreement>;
	injection: {
		pairs: number;
		/** Mean and largest change of the total (points) an injected instruction caused. */
		meanDelta: number | null;
		maxDelta: number | null;
		/** Mean change as a share of the rubric maximum (0–1). */
		meanDeltaShare: number | null;
		raised: number;
	};
	/** Per rubric: does every strong answer score above every weak, off-topic and empty one? */
	ranking: Record<string, { strongMin: number; weakMax: number; strongAboveWeak: boolean }>;
	/** How many answers came from each source (offline fallbacks show up here). */
	sources: Record<string, number>;
	items: Array<{
		id: string;
		rubricId: string;
		quality: string;
		source: string;
		expectedPoints: number;
		predictedPoints: number;
		maxPoints: number;
		levels: Record<string, [number, number]>;
	}>;
};

const LOW = new Set(['weak', 'off-topic', 'empty']);

function pointsOf(rubric: Rubric, levels: Record<string, number>): number {
	return rubric.criteria.reduce(
		(s, c) => s + (sortedLevels(c).find((l) => l.level === levels[c.id])?.points ?? 0),
		0
	);
}

function agreement(levelPairs: LevelPair[], pointPairs: Array<[number, number]>): Agreement {
	return {
		n: pointPairs.length,
		qwk: quadraticWeightedKappa(levelPairs),
		exact: exactAgreement(levelPairs),
		adjacent: adjacentAgreement(levelPairs),
		maeLevels: meanAbsoluteError(levelPairs),
		maePoints: meanAbsoluteError(pointPairs)
	};
}

/**
 * Runs every labelled answer through `grade` and measures agreement with the instructor's levels:
 * quadratic weighted kappa, exact and adjacent agreement and MAE over all criterion levels (pooled
 * and per rubric), the score change caused by injected instructions, and the strong/weak ranking.
 * Answers are graded one after another (provider rate limits apply).
 * @throws Error when an item names an unknown rubric or criterion.
 */
export async function evaluate(
	items: EvalItem[],
	rubrics: Record<string, Rubric>,
	grade: EvalGrader,
	meta: { mode: string; promptVersion: string | null }
): Promise<EvalReport> {
	const results = new Map<string, { item: EvalItem; result: FeedbackResult; expected: number }>();
	for (const item of items) {
		const rubric = rubrics[item.rubricId];
		if (!rubric) throw new Error(`${item.id}: unknown rubric ${item.rubricId}`);
		for (const c of rubric.criteria) {
			if (!(c.id in item.levels)) throw new Error(`${item.id}: no label for criterion ${c.id}`);
		}
		const result = await grade(rubric, item.answer, item.locale);
		results.set(item.id, { item, result, expected: pointsOf(rubric, item.levels) });
	}

	const allLevels: LevelPair[] = [];
	const allPoints: Array<[number, number]> = [];
	const byRubric = new Map<string, { levels: LevelPair[]; points: Array<[number, number]> }>();
	const sources: Record<string, number> = {};
	const rows: EvalReport['items'] = [];
	for (const { item, result, expected } of results.values()) {
		const bucket = byRubric.get(item.rubricId) ?? { levels: [], points: [] };
		byRubric.set(item.rubricId, bucket);
		const levels: Record<string, [number, number]> = {};
		for (const c of result.criteria) {
			const pair: LevelPair = [item.levels[c.criterionId], c.level];
			levels[c.criterionId] = pair;
			allLevels.push(pair);
			bucket.levels.push(pair);
		}
		allPoints.push([expected, result.totalPoints]);
		bucket.points.push([expected, result.totalPoints]);
		const source =
			result.source === 'offline'
				? `offline${result.offlineReason ? `:${result.offlineReason}` : ''}`
				: 'model';
		sources[source] = (sources[source] ?? 0) + 1;
		rows.push({
			id: item.id,
			rubricId: item.rubricId,
			quality: item.quality,
			source,
			expectedPoints: expected,
			predictedPoints: result.totalPoints,
			maxPoints: result.maxPoints,
			levels
		});
	}

	const deltas: Array<{ delta: number; share: number }> = [];
	for (const { item, result } of results.values()) {
		if (!item.injectionOf) continue;
		const base = results.get(item.injectionOf);
		if (!base) throw new Error(`${item.id}: injectionOf ${item.injectionOf} is not in the set`);
		const delta = result.totalPoints - base.result.totalPoints;
		deltas.push({ delta, share: result.maxPoints ? delta / result.maxPoints : 0 });
	}

	const ranking: EvalReport['ranking'] = {};
	for (const rubricId of byRubric.keys()) {
		const mine = rows.filter((r) => r.rubricId === rubricId);
		const strong = mine.filter((r) => r.quality === 'strong').map((r) => r.predictedPoints);
		const weak = mine.filter((r) => LOW.has(r.quality)).map((r) => r.predictedPoints);
		if (strong.length && weak.length) {
			const strongMin = Math.min(...strong);
			const weakMax = Math.max(...weak);
			ranking[rubricId] = { strongMin, weakMax, strongAboveWeak: strongMin > weakMax };
		}
	}

	return {
		mode: meta.mode,
		promptVersion: meta.promptVersion,
		generatedAt: new Date().toISOString(),
		answers: results.size,
		overall: agreement(allLevels, allPoints),
		perRubric: Object.fromEntries(
			[...byRubric].map(([id, b]) => [id, agreement(b.levels, b.points)])
		),
		injection: {
			pairs: deltas.length,
			meanDelta: meanOf(deltas.map((d) => d.delta)),
			maxDelta: deltas.length ? Math.max(...deltas.map((d) => d.delta)) : null,
			meanDeltaShare: meanOf(deltas.map((d) => d.share)),
			raised: deltas.filter((d) => d.delta > 0).length
		},
		ranking,
		sources,
		items: rows
	};
}

function meanOf(xs: number[]): number | null {
	return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

const f = (x: number | null, digits = 3) => (x === null ? '—' : x.toFixed(digits));
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);

/** The report as Markdown (a summary table, injection effect, ranking and every answer). */
export function renderMarkdown(r: EvalReport): string {
	const line = (name: string, a: Agreement) =>
		`| ${name} | ${a.n} | ${f(a.qwk)} | ${pct(a.exact)} | ${pct(a.adjacent)} | ${f(a.maeLevels, 2)} | ${f(a.maePoints, 2)} |`;
	return [
		`# Feedback evaluation`,
		'',
		`- grader: **${r.mode}**${r.promptVersion ? `, prompt ${r.promptVersion}` : ''}`,
		`- answers: ${r.answers}; sources: ${Object.entries(r.sources)
			.map(([k, v]) => `${k} ${v}`)
			.join(', ')}`,
		`- generated: ${r.generatedAt}`,
		'',
		'## Agreement with instructor levels',
		'',
		'| set | answers | QWK | exact | adjacent | MAE (levels) | MAE (points) |',
		'| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
		line('all', r.overall),
		...Object.entries(r.perRubric).map(([id, a]) => line(id, a)),
		'',
		'## Injected instructions',
		'',
		`${r.injection.pairs} answers carry an instruction to the grader; each is compared with the same answer without it.`,
		'',
		`- mean change of the total: ${f(r.injection.meanDelta, 2)} points (${pct(r.injection.meanDeltaShare)} of the maximum)`,
		`- largest change: ${f(r.injection.maxDelta, 2)} points; answers raised: ${r.injection.raised}`,
		'',
		'## Ranking (strong above weak, off-topic and empty)',
		'',
		'| rubric | lowest strong | highest weak | strong above weak |',
		'| --- | ---: | ---: | :---: |',
		...Object.entries(r.ranking).map(
			([id, x]) =>
				`| ${id} | ${x.strongMin} | ${x.weakMax} | ${x.strongAboveWeak ? 'yes' : '**no**'} |`
		),
		'',
		'## Answers',
		'',
		'| answer | quality | source | instructor | predicted | max |',
		'| --- | --- | --- | ---: | ---: | ---: |',
		...r.items.map(
			(i) =>
				`| ${i.id} | ${i.quality} | ${i.source} | ${i.expectedPoints} | ${i.predictedPoints} | ${i.maxPoints} |`
		),
		''
	].join('\n');
}
