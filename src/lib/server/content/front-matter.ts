import { parseDocument, type YAMLError } from 'yaml';

/** Thrown when a file's YAML or front-matter fence is malformed; `message` says where. */
export class FrontMatterError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'FrontMatterError';
	}
}

function describe(errors: YAMLError[], lineOffset: number): string {
	const e = errors[0];
	const line = e.linePos?.[0]?.line;
	const where = line ? `line ${line + lineOffset}: ` : '';
	return `invalid YAML: ${where}${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`;
}

/**
 * Parses one YAML document (YAML 1.2 core schema: dates stay strings).
 * @param lineOffset added to reported line numbers (front matter starts on line 2).
 * @throws FrontMatterError with the line of the first syntax error.
 */
export function parseYaml(text: string, lineOffset = 0): unknown {
	const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
	if (doc.errors.length > 0) throw new FrontMatterError(describe(doc.errors, lineOffset));
	return doc.toJS();
}

/**
 * Splits a Markdown file into its YAML front matter (between the first two `---` lines) and body.
 * @throws FrontMatterError when the file does not start with `---` or the block is not closed.
 */
export function splitFrontMatter(raw: string): { data: unknown; body: string } {
	const text = raw.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
	if (!text.startsWith('---\n')) {
		throw new FrontMatterError('the file must start with a "---" line opening the front matter');
	}
	const end = text.indexOf('\n---', 3);
	if (end < 0 || !/^\n---[ \t]*(\n|$)/.test(text.slice(end, end + 6))) {
		throw new FrontMatterError('the front matter is not closed by a "---" line');
	}
	const yamlText = text.slice(4, end + 1);
	const afterFence = text.indexOf('\n', end + 1);
	const body = afterFence < 0 ? '' : text.slice(afterFence + 1);
	return { data: parseYaml(yamlText, 1), body };
}
