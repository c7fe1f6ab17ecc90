import { markdownToText, renderDocument, type Heading } from '../../markdown';
import { capacityKeyOf, type CapacityKey } from '../../labs/capacity';
import { checkTrustedSchema } from '../../labs/schema-check';
import { checkTrustedOpenApi } from '../../labs/openapi-check';
import { FrontMatterError, parseYaml } from '../front-matter';
import { headingsOf } from '../structure';
import type { ContentKind, ParsedFile } from '../types';
import type { Difficulty } from './case';
import { summaryOf, type ExerciseRubricCriterion } from './exercise';
import {
	LAB_SECTIONS,
	labSamplesSchema,
	labSchema,
	type LabData,
	type LabSamples,
	type LabType,
	type RunbookSection
} from './lab-schema';
import { slugFromFolder } from './shared';

export { labSchema, type LabData, type LabType };

/** The file beside an interface lab holding its hidden sample payloads (never rendered). */
export const SAMPLES_FILE = 'samples.yaml';

/** One capacity question as the lab page reads it. `answer` is the key: shown only after an attempt. */
export type LabQuestionMeta =
	| {
			id: string;
			kind: 'number';
			label: string;
			unit: string;
			answer: number;
			tolerance: { percent?: number; absolute?: number };
	  }
	| { id: string; kind: 'yesno'; label: string; answer: boolean };

/**
 * What lab pages read from `content_locales.metadata`. Holds reference solutions and capacity
 * answers (shown only after the learner's first attempt: src/lib/server/labs/ projects it) but
 * NEVER the hidden sample payloads, which live only in the version's scoring key.
 */
export type LabMeta = {
	type: LabType;
	modules: number[];
	difficulty: Difficulty;
	estimatedMinutes: number;
	attemptLimit: number;
	/** Percent of the maximum that counts as passed. */
	passPercent: number;
	headings: Heading[];
	interface: {
		maxChars: number;
		starter: string;
		solution: string;
		/** How many hidden samples each step has (numbers only). */
		sampleCount: number;
		openapi: {
			method: string;
			path: string;
			status: string;
			starter: string;
			solution: string;
			sampleCount: number;
		} | null;
	} | null;
	capacity: { questions: LabQuestionMeta[]; solutionHtml: string[] } | null;
	runbook: {
		sections: Array<{ id: RunbookSection; title: string; promptHtml: string }>;
		maxCharsPerSection: number;
		rubric: ExerciseRubricCriterion[];
		maxPoints: number;
	} | null;
};

/**
 * The scoring key of a lab version (stored in `content_versions.scoring`, server only): the hidden
 * samples of an interface lab, the answers and tolerances of a capacity lab, the rubric structure
 * of a runbook lab. A change makes a new version; attempts keep theirs.
 */
export type LabKey = {
	type: LabType;
	passPercent: number;
	samples: LabSamples | null;
	capacity: CapacityKey | null;
	rubric: Array<{
		id: string;
		levels: Array<{ level: number; points: number }>;
		concepts: unknown[];
	}> | null;
};

/** Default pass mark: machine-checked labs need everything right; a runbook 60 %. */
export function passPercentOf(l: LabData): number {
	return l.passPercent ?? (l.type === 'runbook' ? 60 : 100);
}

/** Parses `samples.yaml` from a lab file's extras; null when absent, throws on bad YAML. */
function samplesOf(file: ParsedFile<LabData>): { samples: LabSamples | null; problems: string[] } {
	const raw = file.extras?.[SAMPLES_FILE];
	if (raw === undefined) return { samples: null, problems: [] };
	let data: unknown;
	try {
		data = parseYaml(raw);
	} catch (e) {
		if (e instanceof FrontMatterError) return { samples: null, problems: [e.message] };
		throw e;
	}
	const parsed = labSamplesSchema.safeParse(data ?? {});
	if (!parsed.success) {
		return {
			samples: null,
			problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`)
		};
	}
	return { samples: parsed.data, problems: [] };
}

function render(file: ParsedFile<LabData>) {
	const l = file.data;
	const body = renderDocument(file.body, { headingIds: true });
	const samples = l.type === 'interface' ? samplesOf(file).samples : null;
	const rubric =
		l.runbook?.rubric.map((c) => ({
			id: c.id,
			title: c.title,
			levels: c.levels.map((x) => ({ level: x.level, points: x.points, descriptor: x.descriptor })),
			concepts: c.concepts
		})) ?? [];
	const meta: LabMeta = {
		type: l.type,
		modules: [...l.modules].sort((a, b) => a - b),
		difficulty: l.difficulty,
		estimatedMinutes: l.estimatedMinutes,
		attemptLimit: l.attemptLimit,
		passPercent: passPercentOf(l),
		headings: body.headings,
		interface: l.interface
			? {
					maxChars: l.interface.maxChars,
					starter: l.interface.starter,
					solution: l.interface.solution,
					sampleCount: samples?.schema.length ?? 0,
					openapi: l.interface.openapi
						? {
								...l.interface.openapi,
								sampleCount:
									(samples?.openapi?.request.length ?? 0) + (samples?.openapi?.response.length ?? 0)
							}
						: null
				}
			: null,
		capacity: l.capacity
			? {
					questions: l.capacity.questions,
					solutionHtml: l.capacity.solution.map((s) => renderDocument(s).html)
				}
			: null,
		runbook: l.runbook
			? {
					sections: l.runbook.sections.map((s) => ({
						id: s.id,
						title: s.title,
						promptHtml: renderDocument(s.prompt).html
					})),
					maxCharsPerSection: l.runbook.maxCharsPerSection,
					rubric,
					maxPoints: rubric.reduce((sum, c) => sum + Math.max(...c.levels.map((x) => x.points)), 0)
				}
			: null
	};
	const text = markdownToText(file.body);
	return {
		title: l.title,
		summary: summaryOf(file.body),
		html: body.html,
		metadata: meta,
		searchText: text
	};
}

function check(file: ParsedFile<LabData>) {
	const problems: Array<{ field?: string; message: string }> = [];
	const expected: readonly string[] = LAB_SECTIONS[file.locale];
	const sections = headingsOf(file.body)
		.filter((h) => h.depth === 2)
		.map((h) => h.text);
	if (sections.slice(0, expected.length).join('\n') !== expected.join('\n')) {
		problems.push({
			field: 'body',
			message: `the body must start with the ## sections ${expected.join(' / ')} (more may follow); found ${
				sections.length ? sections.map((s) => `"${s}"`).join(', ') : 'none'
			}`
		});
	}
	// The samples are shared by both languages: checked once, against the base file.
	if (file.locale !== 'zh-CN') return problems;
	const l = file.data;
	const { samples, problems: sampleProblems } = samplesOf(file);
	for (const p of sampleProblems) problems.push({ field: SAMPLES_FILE, message: p });
	if (l.type !== 'interface') {
		if (file.extras?.[SAMPLES_FILE] !== undefined) {
			problems.push({ field: SAMPLES_FILE, message: 'only interface labs have hidden samples' });
		}
		return problems;
	}
	if (!samples) {
		if (sampleProblems.length === 0) {
			problems.push({
				field: SAMPLES_FILE,
				message: `is missing: an interface lab keeps its hidden samples in ${SAMPLES_FILE} beside the two language files`
			});
		}
		return problems;
	}
	const ref = checkTrustedSchema(JSON.parse(l.interface!.solution), samples.schema);
	if (!ref.ok) {
		problems.push({
			field: 'interface.solution',
			message: `the reference schema does not compile: ${JSON.stringify(ref.problem)}`
		});
	} else {
		for (const s of ref.samples.filter((x) => !x.correct)) {
			problems.push({
				field: 'interface.solution',
				message: `the reference schema ${s.accepted ? 'accepts' : 'rejects'} ${s.valid ? 'valid' : 'invalid'} sample "${s.id}"${
					s.errors.length
						? ` (${s.errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ')})`
						: ''
				}`
			});
		}
	}
	const op = l.interface!.openapi;
	if (op && !samples.openapi) {
		problems.push({
			field: SAMPLES_FILE,
			message: 'the OpenAPI step needs openapi: { request, response } samples'
		});
	}
	if (!op && samples.openapi) {
		problems.push({
			field: SAMPLES_FILE,
			message: 'has OpenAPI samples but the lab has no interface.openapi step'
		});
	}
	if (op && samples.openapi) {
		const r = checkTrustedOpenApi(op.solution, samples.openapi, op);
		if (!r.ok) {
			problems.push({
				field: 'interface.openapi.solution',
				message: `the reference document fails: ${JSON.stringify(r.problem)}${r.part ? ` (${r.part})` : ''}`
			});
		} else {
			for (const s of r.samples.filter((x) => !x.correct)) {
				problems.push({
					field: 'interface.openapi.solution',
					message: `the reference document's ${s.part} schema ${s.accepted ? 'accepts' : 'rejects'} ${s.valid ? 'valid' : 'invalid'} sample "${s.id}"`
				});
			}
		}
	}
	return problems;
}

/** The scoring key: see {@link LabKey}. */
function keyOf(file: ParsedFile<LabData>): LabKey {
	const l = file.data;
	return {
		type: l.type,
		passPercent: passPercentOf(l),
		samples: l.type === 'interface' ? samplesOf(file).samples : null,
		capacity: l.capacity ? capacityKeyOf(l.capacity.questions) : null,
		rubric:
			l.runbook?.rubric.map((c) => ({
				id: c.id,
				levels: c.levels.map((x) => ({ level: x.level, points: x.points })),
				concepts: c.concepts
			})) ?? null
	};
}

/**
 * Hands-on labs (实战演练): `cases/labs/<slug>/{zh-CN,en}.md` (+ `samples.yaml` for interface
 * labs; format in cases/labs/README.md), served at `/labs/<slug>`, tagged `module:N` so module
 * pages list them. Samples, answers, tolerances, pass mark and rubric structure version them.
 */
export const labKind: ContentKind<LabData> = {
	kind: 'lab',
	folder: 'labs',
	format: 'md',
	extraFiles: [SAMPLES_FILE],
	schema: labSchema,
	slug: slugFromFolder,
	path: (slug) => `/labs/${slug}`,
	sortKey: (l, slug) => `${String(Math.min(...l.modules)).padStart(2, '0')}-${slug}`,
	parity: (l) => ({
		id: l.id,
		type: l.type,
		modules: l.modules,
		difficulty: l.difficulty,
		estimatedMinutes: l.estimatedMinutes,
		attemptLimit: l.attemptLimit,
		passPercent: l.passPercent ?? null,
		interface: l.interface
			? {
					maxChars: l.interface.maxChars,
					solution: JSON.parse(l.interface.solution),
					openapi: l.interface.openapi
						? { ...l.interface.openapi, starter: undefined, solution: undefined }
						: null
				}
			: null,
		capacity: l.capacity
			? { key: capacityKeyOf(l.capacity.questions), steps: l.capacity.solution.length }
			: null,
		runbook: l.runbook
			? {
					sections: l.runbook.sections.map((s) => s.id),
					maxCharsPerSection: l.runbook.maxCharsPerSection,
					rubric: l.runbook.rubric.map((c) => ({
						id: c.id,
						levels: c.levels.map((x) => ({ level: x.level, points: x.points })),
						concepts: c.concepts
					}))
				}
			: null
	}),
	check,
	scoring: (base) => keyOf(base),
	tags: (l) => [
		...l.modules.map((n) => `module:${n}`),
		`difficulty:${l.difficulty}`,
		`lab:${l.type}`
	],
	render
};
