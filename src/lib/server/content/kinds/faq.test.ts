import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeContentDir, type ContentDir } from '../../../../../tests/support/content';
import { loadContent } from '../load';
import { formatProblem } from '../check';

let dir: ContentDir;
beforeEach(() => {
	dir = makeContentDir();
	dir.write('faq/retries/zh-CN.yaml', file('zh-CN'));
	dir.write('faq/retries/en.yaml', file('en'));
});
afterEach(() => dir.cleanup());

function file(lang: 'zh-CN' | 'en', opts: { module?: number; answer?: string } = {}) {
	const zh = lang === 'zh-CN';
	return [
		'id: faq-retries',
		`module: ${opts.module ?? 8}`,
		'lastReviewed: 2026-11-29',
		`question: "${zh ? '失败时如何重试？' : 'How should I retry?'}"`,
		`summary: "${zh ? '指数退避加抖动，最多 3 次。' : 'Exponential backoff with jitter, at most 3 attempts.'}"`,
		'answer: |',
		`  ${opts.answer ?? (zh ? '遵守 Retry-After。' : 'Honour Retry-After.')}`,
		''
	].join('\n');
}
const errors = () =>
	loadContent(dir.root)
		.problems.filter((p) => p.level === 'error' && p.file.includes('/faq/'))
		.map(formatProblem);

describe('the faq content kind', () => {
	it('loads a valid entry with its module and slug', () => {
		const item = loadContent(dir.root).items.find((i) => i.kind.kind === 'faq');
		expect(item && [item.id, item.slug, item.kind.path(item.slug, item.files.en.data)]).toEqual([
			'faq-retries',
			'retries',
			'/faq/retries'
		]);
		expect(errors()).toEqual([]);
	});

	it('reports a module that differs between the languages', () => {
		dir.write('faq/retries/en.yaml', file('en', { module: 7 }));
		expect(errors().join('\n')).toMatch(/en\.yaml.*module.*differs/);
	});

	it('reports numbers missing in one language', () => {
		dir.write('faq/retries/en.yaml', file('en', { answer: 'Retry 5 times.' }));
		expect(errors().join('\n')).toMatch(/numbers differ/);
	});

	it('refuses ## headings in the answer and an all-digit folder name', () => {
		dir.write('faq/retries/zh-CN.yaml', file('zh-CN', { answer: '## 标题' }));
		expect(errors().join('\n')).toMatch(/answer.*### headings/);
		dir.write('faq/12/zh-CN.yaml', file('zh-CN').replace('faq-retries', 'faq-twelve'));
		dir.write('faq/12/en.yaml', file('en').replace('faq-retries', 'faq-twelve'));
		expect(errors().join('\n')).toMatch(/folder name "12" needs a letter/);
	});

	it('refuses a module outside 1–10 and 12', () => {
		dir.write('faq/retries/zh-CN.yaml', file('zh-CN', { module: 11 }));
		expect(errors().join('\n')).toMatch(/module.*1–10 or 12/);
	});
});
