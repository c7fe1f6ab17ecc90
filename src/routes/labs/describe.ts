import localizeZh from 'ajv-i18n/localize/zh';
import localizeEn from 'ajv-i18n/localize/en';
import { m } from '$lib/paraglide/messages';
import type { CapacityFieldProblem, OpenApiProblem, SchemaProblem } from '$lib/server/labs';

type AjvLikeError = {
	path: string;
	keyword: string;
	message: string;
	params: Record<string, unknown>;
};

/**
 * ajv's error descriptions in `locale` (ajv-i18n), each as "location: message", naming the property
 * where ajv does (an extra or missing property). Never includes validated data.
 */
export function describeAjvErrors(errors: AjvLikeError[], locale: 'zh-CN' | 'en'): string[] {
	const copy = errors.map((e) => ({
		...e,
		instancePath: e.path,
		schemaPath: '',
		params: { ...e.params }
	}));
	(locale === 'zh-CN' ? localizeZh : localizeEn)(copy as never);
	return copy.map((e) => {
		const extra =
			typeof e.params.additionalProperty === 'string' ? ` (${e.params.additionalProperty})` : '';
		return `${e.path || '/'}: ${e.message}${extra}`;
	});
}

/** The localised message for a schema or OpenAPI text the checker could not use. */
export function describeProblem(
	p: SchemaProblem | OpenApiProblem,
	locale: 'zh-CN' | 'en',
	part?: 'request' | 'response'
): string {
	const where = part
		? `${part === 'request' ? m.labs_part_request() : m.labs_part_response()}: `
		: '';
	switch (p.code) {
		case 'empty':
			return m.labs_err_text_empty();
		case 'too_long':
			return m.labs_err_too_long({ limit: p.limit, length: p.length });
		case 'not_json':
			return p.line
				? m.labs_err_not_json_at({ line: p.line, column: p.column ?? 1, detail: p.detail })
				: m.labs_err_not_json();
		case 'not_yaml':
			return p.line ? m.labs_err_not_yaml_at({ line: p.line }) : m.labs_err_not_yaml();
		case 'too_deep':
			return m.labs_err_too_deep({ limit: p.limit });
		case 'too_big':
			return m.labs_err_too_big({ limit: p.limit });
		case 'not_schema':
			return `${where}${m.labs_err_not_schema()} ${describeAjvErrors(p.errors, locale).join('; ')}`;
		case 'compile':
			return `${where}${m.labs_err_compile({ message: p.message })}`;
		case 'too_slow':
			return m.labs_err_too_slow({ seconds: Math.round(p.limitMs / 100) / 10 });
		case 'not_openapi':
			return m.labs_err_not_openapi();
		case 'no_operation':
			return m.labs_err_no_operation({ method: p.method, path: p.path });
		case 'no_body_schema':
			return p.part === 'request'
				? m.labs_err_no_request_schema()
				: m.labs_err_no_response_schema({ status: p.status });
	}
}

/** The localised message for a capacity field that could not be read. */
export function describeFieldProblem(p: CapacityFieldProblem): string {
	switch (p) {
		case 'empty':
			return m.labs_err_number_empty();
		case 'not_a_number':
			return m.labs_err_number_invalid();
		case 'several_numbers':
			return m.labs_err_number_several();
		case 'decimal_comma':
			return m.labs_err_number_decimal_comma();
		case 'missing':
			return m.labs_err_choose();
	}
}
