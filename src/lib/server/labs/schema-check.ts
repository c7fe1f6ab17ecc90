import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { SCHEMA_CORE_SOURCE, type CoreError, type CoreResult } from './schema-core';

/** Deepest nesting accepted in a learner's schema (objects and arrays). */
export const MAX_SCHEMA_DEPTH = 32;
/** Most JSON values (objects, arrays, scalars) accepted in a learner's schema. */
export const MAX_SCHEMA_NODES = 5_000;

/** A sample as the checker sees it (from the lab version's hidden samples). */
export type CheckSample = { id: string; valid: boolean; payload: unknown };

/** Why a text could not be checked at all: nothing is stored, the learner's text is kept. */
export type SchemaProblem =
	| { code: 'empty' }
	| { code: 'too_long'; limit: number; length: number }
	/** `line`/`column` are 1-based; `detail` a short parser code such as "CommaExpected". */
	| { code: 'not_json'; line: number | null; column: number | null; detail: string }
	| { code: 'too_deep'; limit: number }
	| { code: 'too_big'; limit: number }
	| { code: 'not_schema'; errors: CoreError[] }
	| { code: 'compile'; message: string }
	| { code: 'too_slow'; limitMs: number };

/** How one hidden sample fared: `correct` when the schema accepted exactly the valid ones. */
export type SampleOutcome = {
	id: string;
	valid: boolean;
	accepted: boolean;
	correct: boolean;
	/** Why a valid sample was rejected (ajv's errors: instance path, keyword, params; no data). */
	errors: CoreError[];
};

export type SchemaCheck =
	| { ok: false; problem: SchemaProblem }
	| { ok: true; samples: SampleOutcome[]; correct: number; total: number };

const require = createRequire(import.meta.url);
const paths = () => ({
	ajv: require.resolve('ajv/dist/2020'),
	formats: require.resolve('ajv-formats')
});

/** 1-based line and column of character `offset` in `text`. */
function position(text: string, offset: number): { line: number; column: number } {
	const before = text.slice(0, offset).split('\n');
	return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * Parses JSON text, locating the first syntax error (line, column) when it is not JSON.
 * `JSON.parse` decides; jsonc-parser (comments and trailing commas refused) only points at the spot.
 */
export function parseJsonText(
	text: string
): { ok: true; value: unknown } | { ok: false; problem: SchemaProblem } {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		const errors: ParseError[] = [];
		parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false });
		const first = errors[0];
		if (!first)
			return { ok: false, problem: { code: 'not_json', line: null, column: null, detail: '' } };
		const { line, column } = position(text, first.offset);
		return {
			ok: false,
			problem: { code: 'not_json', line, column, detail: printParseErrorCode(first.error) }
		};
	}
}

/** Depth and node count of a JSON value, walked iteratively (a deep value cannot blow the stack). */
export function measureJson(value: unknown): { depth: number; nodes: number } {
	let depth = 0;
	let nodes = 0;
	const stack: Array<[unknown, number]> = [[value, 1]];
	while (stack.length > 0) {
		const [v, d] = stack.pop()!;
		nodes++;
		if (d > depth) depth = d;
		if (v && typeof v === 'object') {
			for (const child of Object.values(v as object)) stack.push([child, d + 1]);
		}
	}
	return { depth, nodes };
}

/** Size limits on a parsed schema, before anything compiles it. */
export function limitProblem(value: unknown): SchemaProblem | null {
	const { depth, nodes } = measureJson(value);
	if (depth > MAX_SCHEMA_DEPTH) return { code: 'too_deep', limit: MAX_SCHEMA_DEPTH };
	if (nodes > MAX_SCHEMA_NODES) return { code: 'too_big', limit: MAX_SCHEMA_NODES };
	return null;
}

function outcome(core: CoreResult): SchemaCheck {
	if (!core.ok) {
		return {
			ok: false,
			problem:
				core.stage === 'meta'
					? { code: 'not_schema', errors: core.errors }
					: { code: 'compile', message: core.errors[0]?.message ?? '' }
		};
	}
	const samples = core.results.map((r) => ({
		...r,
		correct: r.valid === r.accepted,
		// A wrongly accepted invalid sample has no errors to show; a correctly rejected one needs none.
		errors: r.valid && !r.accepted ? r.errors : []
	}));
	return {
		ok: true,
		samples,
		correct: samples.filter((s) => s.correct).length,
		total: samples.length
	};
}

let running = 0;
const waiting: Array<() => void> = [];
/** At most 2 checks run at once (2 cores); the others wait their turn. */
async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
	if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
	running++;
	try {
		return await fn();
	} finally {
		running--;
		waiting.shift()?.();
	}
}

/**
 * Compiles `schema` and runs `samples` through it in a worker thread that is terminated after
 * `timeoutMs` (a learner's `pattern` may be a catastrophic regular expression; memory is capped too).
 * Resolves `'timeout'` when it was cut off.
 */
export function runIsolated(
	schema: unknown,
	samples: CheckSample[],
	timeoutMs: number,
	extraKeywords: string[] = []
): Promise<CoreResult | 'timeout'> {
	return withSlot(
		() =>
			new Promise((resolve, reject) => {
				const p = paths();
				const worker = new Worker(
					`${SCHEMA_CORE_SOURCE}
const { parentPort, workerData: d } = require('node:worker_threads');
parentPort.postMessage(run(d.ajv, d.formats, d.schema, d.samples, d.extraKeywords));`,
					{
						eval: true,
						workerData: { ...p, schema, samples, extraKeywords },
						resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 }
					}
				);
				let settled = false;
				const timer = setTimeout(() => {
					if (settled) return;
					settled = true;
					void worker.terminate();
					resolve('timeout');
				}, timeoutMs);
				worker.once('message', (m: CoreResult) => {
					if (settled) return;
					settled = true;
					clearTimeout(timer);
					void worker.terminate();
					resolve(m);
				});
				worker.once('error', (e) => {
					if (settled) return;
					settled = true;
					clearTimeout(timer);
					// Out of memory in the worker is the schema's doing: treated like running too long.
					if (/memory/i.test(String(e))) resolve('timeout');
					else reject(e);
				});
			})
	);
}

/**
 * Runs the same check in this process. Only for trusted schemas (the reference solutions checked
 * by `npm run cases:check`): it cannot be interrupted.
 */
export function runInProcess(
	schema: unknown,
	samples: CheckSample[],
	extraKeywords: string[] = []
): CoreResult {
	const p = paths();
	const run = new Function('require', `${SCHEMA_CORE_SOURCE}\nreturn run;`)(require) as (
		...a: unknown[]
	) => CoreResult;
	return run(p.ajv, p.formats, schema, samples, extraKeywords);
}

/**
 * Checks a learner's JSON Schema (draft 2020-12) text against a lab's hidden samples:
 * not empty; at most `maxChars` characters; JSON (else the line and column of the first error);
 * at most {@link MAX_SCHEMA_DEPTH} deep and {@link MAX_SCHEMA_NODES} values; valid against the
 * 2020-12 meta-schema and compiled by ajv in strict mode (unknown keywords and formats refused,
 * `$ref`s only inside the schema: nothing is fetched); within `timeoutMs`. Then each sample is
 * judged: a valid one must be accepted, an invalid one rejected. Outcomes carry sample ids and
 * ajv's error descriptions, never the payloads.
 */
export async function checkSchemaText(
	text: string,
	samples: CheckSample[],
	opts: { maxChars: number; timeoutMs: number }
): Promise<SchemaCheck> {
	if (text.trim() === '') return { ok: false, problem: { code: 'empty' } };
	const length = [...text].length;
	if (length > opts.maxChars) {
		return { ok: false, problem: { code: 'too_long', limit: opts.maxChars, length } };
	}
	const parsed = parseJsonText(text);
	if (!parsed.ok) return parsed;
	return checkSchemaValue(parsed.value, samples, opts.timeoutMs);
}

/** {@link checkSchemaText} from the size limits on, for an already parsed schema. */
export async function checkSchemaValue(
	schema: unknown,
	samples: CheckSample[],
	timeoutMs: number,
	extraKeywords: string[] = []
): Promise<SchemaCheck> {
	const limited = limitProblem(schema);
	if (limited) return { ok: false, problem: limited };
	const core = await runIsolated(schema, samples, timeoutMs, extraKeywords);
	if (core === 'timeout') return { ok: false, problem: { code: 'too_slow', limitMs: timeoutMs } };
	return outcome(core);
}

/** {@link checkSchemaValue} in process, for trusted reference schemas (content check). */
export function checkTrustedSchema(
	schema: unknown,
	samples: CheckSample[],
	extraKeywords: string[] = []
): SchemaCheck {
	return outcome(runInProcess(schema, samples, extraKeywords));
}
