// `npm run eval:feedback [-- --offline] [-- --set all|exercises|fixtures] [-- --out DIR]`: grades the
// labelled answers — the exercises' own sets (cases/exercises/*/eval.yaml) and the pipeline's fixture
// set (tests/fixtures/feedback/) — with the configured provider (LLM_BASE_URL + LLM_MODEL set) or else
// the offline rubric check, and reports agreement with the instructor's levels (quadratic weighted kappa,
// exact/adjacent agreement, MAE) and the effect of injected instructions, as Markdown (printed, and
// DIR/eval-feedback.md) and JSON (DIR/eval-feedback.json). DIR defaults to test-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/lib/server/config';
import { loadExerciseEvalSets } from '../src/lib/server/feedback/eval-sets';
import {
	evaluate,
	renderMarkdown,
	type EvalGrader,
	type EvalItem
} from '../src/lib/server/feedback/evaluate';
import { gradeWithModel } from '../src/lib/server/feedback/grader';
import { LlmProvider, providerConfigured } from '../src/lib/server/feedback/llm-client';
import { runOfflineCheck } from '../src/lib/server/feedback/offline';
import { PROMPT_VERSION } from '../src/lib/server/feedback/prompts';
import type { Rubric } from '../src/lib/server/feedback/rubric';
import { labelledAnswers } from '../tests/fixtures/feedback/labelled';
import { fixtureRubrics } from '../tests/fixtures/feedback/rubrics';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? args[outIndex + 1] : 'test-results';
const setIndex = args.indexOf('--set');
const set = setIndex >= 0 ? args[setIndex + 1] : 'all';
if (!['all', 'exercises', 'fixtures'].includes(set)) {
	console.error('--set must be all, exercises or fixtures');
	process.exit(2);
}
const cfg = loadConfig(process.env);

const items: EvalItem[] = [];
const rubrics: Record<string, Rubric> = {};
if (set !== 'fixtures') {
	const shipped = loadExerciseEvalSets(join(cfg.CONTENT_DIR, 'exercises'));
	items.push(...shipped.items);
	Object.assign(rubrics, shipped.rubrics);
}
if (set !== 'exercises') {
	for (const id of Object.keys(fixtureRubrics)) {
		if (rubrics[id]) throw new Error(`fixture rubric ${id} collides with an exercise`);
	}
	items.push(...labelledAnswers);
	Object.assign(rubrics, fixtureRubrics);
}

let grade: EvalGrader;
let mode: string;
if (!args.includes('--offline') && providerConfigured(cfg)) {
	const provider = new LlmProvider(cfg);
	mode = `model ${provider.model} (${cfg.LLM_RESPONSE_FORMAT})`;
	grade = async (rubric, answer, locale) => {
		const r = await gradeWithModel(provider, rubric, answer, locale);
		return r.ok ? r.result : runOfflineCheck(rubric, answer, locale, r.reason);
	};
} else {
	mode = 'offline check';
	grade = async (rubric, answer, locale) => runOfflineCheck(rubric, answer, locale, null);
}

const report = await evaluate(items, rubrics, grade, {
	mode,
	promptVersion: mode === 'offline check' ? null : PROMPT_VERSION
});
const markdown = renderMarkdown(report);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'eval-feedback.json'), JSON.stringify(report, null, 2));
writeFileSync(join(outDir, 'eval-feedback.md'), markdown);
console.log(markdown);
console.log(`written: ${join(outDir, 'eval-feedback.md')}, ${join(outDir, 'eval-feedback.json')}`);
