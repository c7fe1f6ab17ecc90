import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	CASE_DIR,
	MODULE_DIR,
	makeContentDir,
	type ContentDir
} from '../../../../tests/support/content';
import { loadContent } from './load';
import { checkContent, formatProblem } from './check';
import { CONTENT_KINDS } from './kinds';

let dir: ContentDir;
beforeEach(() => {
	dir = makeContentDir();
});
afterEach(() => dir.cleanup());

const errors = () =>
	loadContent(dir.root)
		.problems.filter((p) => p.level === 'error')
		.map(formatProblem);
const M = (lang: string) => `${MODULE_DIR}/${lang}.md`;
const C = (lang: string) => `${CASE_DIR}/${lang}.md`;

describe('loadContent: language parity', () => {
	const cases: Array<[string, () => void, string]> = [
		[
			'different ids',
			() => dir.edit(C('en'), 'id: case-bank-demo', 'id: case-bank-demo-en'),
			`cases/${CASE_DIR}/en.md: id: id is "case-bank-demo-en" but zh-CN has "case-bank-demo"`
		],
		[
			'different structural fields',
			() => dir.edit(C('en'), 'modules: [3, 8]', 'modules: [3, 7]'),
			`cases/${CASE_DIR}/en.md: modules.1: differs from zh-CN: zh-CN has 8, en has 7`
		],
		[
			'different difficulty',
			() => dir.edit(C('en'), 'difficulty: intermediate', 'difficulty: advanced'),
			`cases/${CASE_DIR}/en.md: difficulty: differs from zh-CN: zh-CN has intermediate, en has advanced`
		],
		[
			'different reference keys',
			() => dir.edit(M('en'), 'key: rfc9457', 'key: rfc-9457'),
			`cases/${MODULE_DIR}/en.md: references.0.key: differs from zh-CN`
		],
		[
			'a missing heading',
			() => dir.edit(M('en'), '### Idempotency keys\n', ''),
			`cases/${MODULE_DIR}/en.md: body: has 1 headings (##×1) but zh-CN has 2 (##×1, ###×1)`
		],
		[
			'a heading at another level',
			() => dir.edit(M('en'), '### Idempotency keys', '## Idempotency keys'),
			`cases/${MODULE_DIR}/en.md: body: heading 2 ("Idempotency keys") is level 2 but in zh-CN ("幂等键") it is level 3`
		],
		[
			'a table of another shape',
			() =>
				dir.edit(
					M('en'),
					'| Idempotency-Key | valid for 24 hours of retries |',
					'| Idempotency-Key | valid for 24 hours of retries |\n| Retry-After | seconds |'
				),
			`cases/${MODULE_DIR}/en.md: body: tables (rows×columns) are [3×2] but zh-CN has [2×2]`
		],
		[
			'a front-matter table of another shape',
			() => dir.edit(M('en'), '    - [XML, legacy systems]\n', ''),
			`cases/${MODULE_DIR}/en.md: table.rows: differs from zh-CN: zh-CN has 2 entries, en has 1 entries`
		],
		[
			'a number written differently',
			() => dir.edit(M('en'), 'valid for 24 hours', 'valid for a day'),
			`cases/${MODULE_DIR}/en.md: numbers differ (write numbers as digits in both languages): "24" 1× in zh-CN, 0× in en`
		],
		[
			'a number changed',
			() => dir.edit(C('en'), 'down for 3 hours', 'down for 4 hours'),
			`cases/${CASE_DIR}/en.md: numbers differ (write numbers as digits in both languages): "3" 3× in zh-CN, 2× in en; "4" 0× in zh-CN, 1× in en`
		],
		[
			'a code block missing',
			() => dir.edit(C('en'), '## Lessons\n', '## Lessons\n\n```text\nnote\n```\n'),
			`cases/${CASE_DIR}/en.md: body: code blocks are [json, mermaid, text] but zh-CN has [json, mermaid]`
		]
	];
	it.each(cases)('%s', (_name, breakIt, expected) => {
		breakIt();
		const found = errors();
		expect(
			found.some((e) => e.startsWith(expected)),
			`got:\n${found.join('\n')}`
		).toBe(true);
	});

	it('counts full-width digits as digits', () => {
		dir.edit(C('zh-CN'), '中断 3 小时', '中断 ３ 小时');
		expect(errors()).toEqual([]);
	});
});

describe('checkContent: warnings across items', () => {
	it('warns about links to missing items of known kinds only', () => {
		const links = 'links: [lab:lab-missing, case:case-missing]';
		dir.edit(M('zh-CN'), 'links: [case:case-bank-demo]', links);
		dir.edit(M('en'), 'links: [case:case-bank-demo]', links);
		// A build that does not know labs: only the case link is checked.
		const { problems } = checkContent(
			dir.root,
			CONTENT_KINDS.filter((k) => k.kind !== 'lab')
		);
		expect(problems.map(formatProblem)).toEqual([
			`cases/${MODULE_DIR}/zh-CN.md: links to case:case-missing, which does not exist`
		]);
		expect(problems[0].level).toBe('warning');
	});

	it('warns about one work under two keys and one key with two texts', () => {
		const other = (lang: string) =>
			dir
				.read(M(lang))
				.replace(/number: 3/, 'number: 4')
				.replace('module-03', 'module-04')
				.replace('key: rfc9457', 'key: rfc-9457');
		dir.write('modules/04-more/zh-CN.md', other('zh-CN'));
		dir.write(
			'modules/04-more/en.md',
			other('en').replace('*Problem Details for HTTP APIs*', 'Problem Details')
		);
		const messages = checkContent(dir.root).problems.map(formatProblem);
		expect(messages).toContain(
			'cases/modules/04-more/zh-CN.md: references: "IETF RFC 9457 *Problem Details for HTTP APIs*, 2023." is cited as "rfc-9457" here but as "rfc9457" in module 3; use one key per work'
		);
		dir.write(
			'modules/04-more/zh-CN.md',
			other('zh-CN')
				.replace('key: rfc-9457', 'key: rfc9457')
				.replace('*Problem Details for HTTP APIs*', 'Problem Details')
		);
		dir.write('modules/04-more/en.md', other('en').replace('key: rfc-9457', 'key: rfc9457'));
		const again = checkContent(dir.root).problems.map(formatProblem);
		expect(again).toContain(
			'cases/modules/04-more/zh-CN.md: references: key "rfc9457" has a different text here than in module 3 ("IETF RFC 9457 *Problem Details for HTTP APIs*, 2023."); use one text per key'
		);
		expect(checkContent(dir.root).problems.every((p) => p.level === 'warning')).toBe(true);
	});
});

describe('the shipped content', () => {
	it('passes cases:check with no error and no warning', () => {
		const { load, problems } = checkContent('./cases');
		expect(problems.map(formatProblem)).toEqual([]);
		const kinds = load.items.map((i) => i.kind.kind);
		expect(kinds.filter((k) => k === 'module')).toHaveLength(12);
		expect(kinds.filter((k) => k === 'case').length).toBeGreaterThanOrEqual(2);
		expect(load.items.some((i) => i.id === 'page-architecture')).toBe(true);
	});
});
