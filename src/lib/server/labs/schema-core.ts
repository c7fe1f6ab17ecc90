/**
 * The part of the schema check that compiles a learner's JSON Schema and runs samples through it.
 * Written as JavaScript source so the SAME code runs inside a worker thread (learner schemas: a
 * `pattern` can be a catastrophic regular expression, so the check must be killable) and in
 * process (`npm run cases:check` on trusted reference schemas). See ./schema-check.ts.
 *
 * The source defines `run(ajvPath, formatsPath, schema, samples, extraKeywords)` returning
 * `{ ok: false, stage: 'meta' | 'compile', errors: [{ path, keyword, message, params }] }` or
 * `{ ok: true, results: [{ id, valid, accepted, errors: [{ path, keyword, message, params }] }] }`.
 */
export const SCHEMA_CORE_SOURCE = String.raw`
function run(ajvPath, formatsPath, schema, samples, extraKeywords) {
	const Ajv2020 = require(ajvPath).default;
	const addFormats = require(formatsPath).default;
	const ajv = new Ajv2020({ allErrors: true, strictSchema: true, strictNumbers: true, strictTypes: false, strictTuples: false, strictRequired: false, logger: false });
	addFormats(ajv);
	if (extraKeywords && extraKeywords.length) ajv.addVocabulary(extraKeywords);
	const simplify = (errs) => (errs || []).slice(0, 5).map((e) => ({
		path: e.instancePath || '',
		keyword: e.keyword,
		message: e.message || '',
		params: JSON.parse(JSON.stringify(e.params || {}))
	}));
	let validate;
	try {
		if (!ajv.validateSchema(schema)) {
			return { ok: false, stage: 'meta', errors: simplify(ajv.errors) };
		}
		validate = ajv.compile(schema);
	} catch (e) {
		return { ok: false, stage: 'compile', errors: [{ path: '', keyword: 'compile', message: String(e && e.message ? e.message : e).slice(0, 300), params: {} }] };
	}
	const results = samples.map((s) => {
		const accepted = validate(s.payload) === true;
		return { id: s.id, valid: s.valid, accepted, errors: accepted ? [] : simplify(validate.errors) };
	});
	return { ok: true, results };
}
`;

/** One error from ajv, reduced to what a learner may see (never the validated data). */
export type CoreError = {
	/** Instance path ("/priority") for sample errors; schema location for schema errors. */
	path: string;
	keyword: string;
	message: string;
	params: Record<string, unknown>;
};

export type CoreResult =
	| { ok: false; stage: 'meta' | 'compile'; errors: CoreError[] }
	| {
			ok: true;
			results: Array<{ id: string; valid: boolean; accepted: boolean; errors: CoreError[] }>;
	  };
