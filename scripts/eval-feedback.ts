// `npm run eval:feedback [-- --offline] [-- --out DIR]`: grades the labelled answer set
// (tests/fixtures/feedback/) with the configured provider (LLM_BASE_URL + LLM_MODEL set) or else the
// offline rubric check, and reports agreement with the instructor's levels (quadratic weighted kappa,
// exact/adjacent agreement, MAE) and the effect of injected instructions, as Markdown (printed, and
// DIR/eval-feedback.md) and JSON (DIR/eval-feedback.json). DIR defaults to test-results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/lib/server/config';
import { evaluate, renderMarkdown, type EvalGrader } from '../src/lib/server/feedback/evaluate';
import { gradeWithModel } from '../src/lib/server/feedback/grader';
import { LlmProvider, providerConfigured } from '../src/lib/server/feedback/llm-client';
import { runOfflineCheck } from '../src/lib/server/feedback/offline';
import { PROMPT_VERSION } from '../src/lib/server/feedback/prompts';
import { labelledAnswers } from '../tests/fixtures/feedback/labelled';
import { fixtureRubrics } from '../tests/fixtures/feedback/rubrics';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? args[outIndex + 1] : 'test-results';
const cfg = loadConfig(process.env);

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

const report = await evaluate(labelledAnswers, fixtureRubrics, grade, {
	mode,
	promptVersion: mode === 'offline check' ? null : PROMPT_VERSION
});
const markdown = renderMarkdown(report);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'eval-feedback.json'), JSON.stringify(report, null, 2));
writeFileSync(join(outDir, 'eval-feedback.md'), markdown);
console.log(markdown);
console.log(`written: ${join(outDir, 'eval-feedback.md')}, ${join(outDir, 'eval-feedback.json')}`);
