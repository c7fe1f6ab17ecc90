import { parseDocument } from 'yaml';
import {
	checkSchemaValue,
	checkTrustedSchema,
	limitProblem,
	type CheckSample,
	type SampleOutcome,
	type SchemaCheck,
	type SchemaProblem
} from './schema-check';

/** OpenAPI-only keywords a schema inside an OpenAPI 3.1 document may carry (no effect on validation). */
const OPENAPI_KEYWORDS = ['components', 'example', 'discriminator', 'xml', 'externalDocs'];

/** Where the learner's OpenAPI document is wrong before any sample is tried. */
export type OpenApiProblem =
	| SchemaProblem
	| { code: 'not_yaml'; line: number | null }
	| { code: 'not_openapi' }
	| { code: 'no_operation'; method: string; path: string }
	| { code: 'no_body_schema'; part: 'request' | 'response'; status: string };

export type OpenApiTarget = { method: string; path: string; status: string };

export type OpenApiCheck =
	| { ok: false; problem: OpenApiProblem; part?: 'request' | 'response' }
	| {
			ok: true;
			samples: Array<SampleOutcome & { part: 'request' | 'response' }>;
			correct: number;
			total: number;
	  };

type Doc = Record<string, unknown>;
const isObject = (v: unknown): v is Doc => !!v && typeof v === 'object' && !Array.isArray(v);

/** The application/json schema of a request body or response (undefined when absent). */
function jsonSchemaOf(holder: unknown): unknown {
	if (!isObject(holder) || !isObject(holder.content)) return undefined;
	const media = holder.content['application/json'];
	return isObject(media) ? media.schema : undefined;
}

/** Parses JSON or YAML text into a document, with the line of the first syntax error. */
function parseDoc(
	text: string
): { ok: true; value: unknown } | { ok: false; problem: OpenApiProblem } {
	const doc = parseDocument(text, { uniqueKeys: true });
	if (doc.errors.length > 0) {
		const line = doc.errors[0].linePos?.[0]?.line ?? null;
		return { ok: false, problem: { code: 'not_yaml', line } };
	}
	return { ok: true, value: doc.toJS({ maxAliasCount: 50 }) };
}

/**
 * Locates the operation's request and response body schemas. A body schema may `$ref` into
 * `#/components/...`: the document's `components` travel with it (an OpenAPI-only keyword).
 */
function bodySchemas(
	doc: unknown,
	target: OpenApiTarget
):
	| { ok: true; request: unknown; response: unknown }
	| { ok: false; problem: OpenApiProblem; part?: 'request' | 'response' } {
	if (!isObject(doc) || typeof doc.openapi !== 'string' || !/^3\.1\.\d+$/.test(doc.openapi)) {
		return { ok: false, problem: { code: 'not_openapi' } };
	}
	const paths = isObject(doc.paths) ? doc.paths : {};
	const item = paths[target.path];
	const op = isObject(item) ? item[target.method] : undefined;
	if (!isObject(op)) {
		return {
			ok: false,
			problem: { code: 'no_operation', method: target.method.toUpperCase(), path: target.path }
		};
	}
	const withComponents = (schema: unknown) =>
		isObject(schema) && isObject(doc.components)
			? { ...schema, components: doc.components }
			: schema;
	const request = jsonSchemaOf(op.requestBody);
	if (request === undefined) {
		return {
			ok: false,
			problem: { code: 'no_body_schema', part: 'request', status: target.status },
			part: 'request'
		};
	}
	const responses = isObject(op.responses) ? op.responses : {};
	const response = jsonSchemaOf(responses[target.status]);
	if (response === undefined) {
		return {
			ok: false,
			problem: { code: 'no_body_schema', part: 'response', status: target.status },
			part: 'response'
		};
	}
	return { ok: true, request: withComponents(request), response: withComponents(response) };
}

function combine(request: SchemaCheck, response: SchemaCheck): OpenApiCheck {
	if (!request.ok) return { ok: false, problem: request.problem, part: 'request' };
	if (!response.ok) return { ok: false, problem: response.problem, part: 'response' };
	const samples = [
		...request.samples.map((s) => ({ ...s, part: 'request' as const })),
		...response.samples.map((s) => ({ ...s, part: 'response' as const }))
	];
	return {
		ok: true,
		samples,
		correct: samples.filter((s) => s.correct).length,
		total: samples.length
	};
}

/**
 * Checks a learner's OpenAPI 3.1 document (JSON or YAML text): same size limits as the schema
 * check; `openapi: 3.1.x`; the operation `target.method target.path` exists with an
 * application/json request body schema and an application/json `target.status` response schema;
 * each compiles (draft 2020-12, OpenAPI's own keywords allowed) and judges the hidden request and
 * response samples. Outcomes never carry payloads.
 */
export async function checkOpenApiText(
	text: string,
	samples: { request: CheckSample[]; response: CheckSample[] },
	target: OpenApiTarget,
	opts: { maxChars: number; timeoutMs: number }
): Promise<OpenApiCheck> {
	if (text.trim() === '') return { ok: false, problem: { code: 'empty' } };
	const length = [...text].length;
	if (length > opts.maxChars) {
		return { ok: false, problem: { code: 'too_long', limit: opts.maxChars, length } };
	}
	const parsed = parseDoc(text);
	if (!parsed.ok) return parsed;
	const limited = limitProblem(parsed.value);
	if (limited) return { ok: false, problem: limited };
	const bodies = bodySchemas(parsed.value, target);
	if (!bodies.ok) return bodies;
	const request = await checkSchemaValue(
		bodies.request,
		samples.request,
		opts.timeoutMs,
		OPENAPI_KEYWORDS
	);
	const response = await checkSchemaValue(
		bodies.response,
		samples.response,
		opts.timeoutMs,
		OPENAPI_KEYWORDS
	);
	return combine(request, response);
}

/** {@link checkOpenApiText} in process, for a lab's trusted reference document (content check). */
export function checkTrustedOpenApi(
	text: string,
	samples: { request: CheckSample[]; response: CheckSample[] },
	target: OpenApiTarget
): OpenApiCheck {
	const parsed = parseDoc(text);
	if (!parsed.ok) return parsed;
	const bodies = bodySchemas(parsed.value, target);
	if (!bodies.ok) return bodies;
	return combine(
		checkTrustedSchema(bodies.request, samples.request, OPENAPI_KEYWORDS),
		checkTrustedSchema(bodies.response, samples.response, OPENAPI_KEYWORDS)
	);
}
