import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	CASE_DIR,
	MODULE_DIR,
	makeContentDir,
	type ContentDir
} from '../../../../tests/support/content';
import { loadContent } from './load';
import { CONTENT_KINDS } from './kinds';
import { formatProblem } from './check';

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

describe('loadContent: the valid fixture', () => {
	it('loads both items with no problem', () => {
		const r = loadContent(dir.root);
		expect(r.problems).toEqual([]);
		expect(r.items.map((i) => [i.kind.kind, i.id, i.slug, i.sourceDir])).toEqual([
			['module', 'module-03', 'interfaces', MODULE_DIR],
			['case', 'case-bank-demo', 'bank-demo', CASE_DIR]
		]);
	});
});

describe('loadContent: broken files are reported with file and field', () => {
	const cases: Array<[string, () => void, string]> = [
		[
			'a missing language file',
			() => dir.remove(M('en')),
			`cases/${MODULE_DIR}/en.md: is missing: every item needs zh-CN.md and en.md`
		],
		[
			'no front matter',
			() => dir.write(M('en'), '# Title\n'),
			`cases/${MODULE_DIR}/en.md: the file must start with a "---" line opening the front matter`
		],
		[
			'an unclosed front matter',
			() => dir.edit(M('en'), /\n---\n\n## /, '\n\n## '),
			`cases/${MODULE_DIR}/en.md: the front matter is not closed by a "---" line`
		],
		[
			'invalid YAML, with its line',
			() => dir.edit(M('en'), 'number: 3', 'number: [3'),
			`cases/${MODULE_DIR}/en.md: invalid YAML: line 4: Flow sequence in block collection must be sufficiently indented and end with a ]`
		],
		[
			'a duplicate YAML key',
			() => dir.edit(M('en'), 'number: 3', 'number: 3\nnumber: 4'),
			`cases/${MODULE_DIR}/en.md: invalid YAML: line 4: Map keys must be unique`
		],
		[
			'a missing field',
			() => dir.edit(M('en'), /keyPoints:\n( {2}- .*\n)+/, ''),
			`cases/${MODULE_DIR}/en.md: keyPoints: is required`
		],
		[
			'a field of the wrong type',
			() => dir.edit(M('en'), 'number: 3', 'number: three'),
			`cases/${MODULE_DIR}/en.md: number: Invalid input: expected number, received string`
		],
		[
			'an impossible date',
			() => dir.edit(M('en'), 'lastReviewed: 2026-11-29', 'lastReviewed: 2026-02-30'),
			`cases/${MODULE_DIR}/en.md: lastReviewed: is not a real date`
		],
		[
			'a date in another format',
			() => dir.edit(M('en'), 'lastReviewed: 2026-11-29', 'lastReviewed: 29/11/2026'),
			`cases/${MODULE_DIR}/en.md: lastReviewed: must be a date written YYYY-MM-DD`
		],
		[
			'too few key points',
			() => dir.edit(M('en'), / {2}- Errors use RFC 9457\.\n/, ''),
			`cases/${MODULE_DIR}/en.md: keyPoints: needs 3–8 key points`
		],
		[
			'an empty key point',
			() => dir.edit(M('en'), '  - Writes must be idempotent.', '  - " "'),
			`cases/${MODULE_DIR}/en.md: keyPoints.1: must not be empty`
		],
		[
			'a misspelt field',
			() => dir.edit(M('en'), 'keyPoints:', 'keypoints:'),
			`cases/${MODULE_DIR}/en.md: Unrecognized key: "keypoints"`
		],
		[
			'an id that does not match the number',
			() => dir.edit(M('en'), 'id: module-03', 'id: module-04'),
			`cases/${MODULE_DIR}/en.md: id: must be module-03 for number 3`
		],
		[
			'a table row with too few cells',
			() => dir.edit(M('en'), '    - [XML, legacy systems]', '    - [XML]'),
			`cases/${MODULE_DIR}/en.md: table.rows.1: has 1 cells but the table has 2 columns`
		],
		[
			'a reference URL that is not http(s)',
			() =>
				dir.edit(
					M('en'),
					'url: https://www.rfc-editor.org/rfc/rfc9457',
					'url: javascript:alert(1)'
				),
			`cases/${MODULE_DIR}/en.md: references.0.url: must be an absolute http(s) URL`
		],
		[
			'a hands-on link that is not kind:id',
			() => dir.edit(M('en'), 'links: [case:case-bank-demo]', 'links: [lab-demo]'),
			`cases/${MODULE_DIR}/en.md: handsOn.links.0: must be "kind:id"`
		],
		[
			'a level-1 heading in the body',
			() => dir.edit(M('en'), '## Design principles', '# Design principles'),
			`cases/${MODULE_DIR}/en.md: body: uses a level-1 heading ("# Design principles")`
		],
		[
			'a folder number that disagrees',
			() => {
				dir.write('modules/04-other/zh-CN.md', dir.read(M('zh-CN')));
				dir.write('modules/04-other/en.md', dir.read(M('en')));
			},
			'cases/modules/04-other/zh-CN.md: number: is 3 but the folder "04-other" starts with 04'
		],
		[
			'an unknown industry',
			() => dir.edit(C('en'), 'industry: banking', 'industry: banks'),
			`cases/${CASE_DIR}/en.md: industry: must be one of: banking, insurance,`
		],
		[
			'module 11 in a case',
			() => dir.edit(C('en'), 'modules: [3, 8]', 'modules: [3, 11]'),
			`cases/${CASE_DIR}/en.md: modules.1: must be a module number 1–10 or 12`
		],
		[
			'too few discussion questions',
			() => dir.edit(C('en'), / {2}- id: d3\n.*\n/, ''),
			`cases/${CASE_DIR}/en.md: discussion: needs at least 3 discussion questions`
		],
		[
			'a section out of order',
			() => dir.edit(C('en'), '## Deployment', '## Rollout'),
			`cases/${CASE_DIR}/en.md: body: the ## sections must be, in order:`
		],
		[
			'no architecture diagram',
			() => dir.edit(C('en'), '```mermaid', '```text'),
			`cases/${CASE_DIR}/en.md: body: needs a \`\`\`mermaid architecture diagram`
		]
	];
	it.each(cases)('%s', (_name, breakIt, expected) => {
		breakIt();
		const found = errors();
		expect(
			found.some((e) => e.startsWith(expected)),
			`got:\n${found.join('\n')}`
		).toBe(true);
		const r = loadContent(dir.root);
		expect(r.brokenDirs.size).toBeGreaterThan(0);
	});

	it('skips only the broken item', () => {
		dir.edit(C('en'), 'industry: banking', 'industry: banks');
		const r = loadContent(dir.root);
		expect(r.items.map((i) => i.id)).toEqual(['module-03']);
		expect([...r.brokenDirs]).toEqual([CASE_DIR]);
	});

	it('warns about stray files unless the kind expects them', () => {
		dir.write(`${CASE_DIR}/notes.txt`, 'draft');
		const r = loadContent(dir.root);
		expect(r.problems.map(formatProblem)).toEqual([
			`cases/${CASE_DIR}/notes.txt: is ignored (expected only zh-CN.md, en.md)`
		]);
		expect(r.problems[0].level).toBe('warning');
		const kinds = CONTENT_KINDS.map((k) =>
			k.kind === 'case' ? { ...k, extraFiles: ['notes.txt'] } : k
		);
		expect(loadContent(dir.root, kinds).problems).toEqual([]);
	});

	it('refuses two items with the same id', () => {
		dir.write('case-studies/copy/zh-CN.md', dir.read(C('zh-CN')));
		dir.write('case-studies/copy/en.md', dir.read(C('en')));
		const found = errors();
		expect(found).toContain(
			`cases/case-studies/bank-demo/zh-CN.md: id: id "case-bank-demo" is also used by case-studies/copy`
		);
		expect(found).toContain(
			`cases/case-studies/copy/zh-CN.md: id: id "case-bank-demo" is also used by case-studies/bank-demo`
		);
		expect(loadContent(dir.root).items.map((i) => i.id)).toEqual(['module-03']);
	});

	it('reports a missing content folder without items', () => {
		dir.cleanup();
		const r = loadContent(dir.root);
		expect(r.rootExists).toBe(false);
		expect(r.problems[0].message).toBe('the content folder does not exist (CONTENT_DIR)');
	});
});
