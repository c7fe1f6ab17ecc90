import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get, postForm, serverDb } from '../support/http';
import { signedIn } from '../support/factories';
import { startBuiltServer, type RunningServer } from '../support/server';
import { checkContent } from '../../src/lib/server/content/check';
import { buildBibliography } from '../../src/lib/server/content/references';
import type { ModuleData } from '../../src/lib/server/content/kinds/module-schema';
import type { CaseData } from '../../src/lib/server/content/kinds/case';

// What the server synced at start: the shipped ./cases folder.
const shipped = checkContent('./cases').load.items;
const cases = shipped.filter((i) => i.kind.kind === 'case');
const caseData = (lang: 'zh-CN' | 'en') =>
	cases.map((c) => c.files[lang].data as unknown as CaseData);
const html = async (path: string, cookie?: string) => {
	const r = await get(path, { cookie });
	expect(r.status, path).toBe(200);
	return r.text();
};
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('module pages', () => {
	it('lists the twelve modules', async () => {
		const page = await html('/modules');
		for (let n = 1; n <= 12; n++) expect(page).toMatch(new RegExp(`模块 ${n}\\s*<`));
		expect(page).toContain('href="/modules/interfaces-data-exchange"');
	});

	it('shows every slot of a module, with the diagram source readable without JavaScript', async () => {
		const page = await html('/modules/interfaces-data-exchange');
		for (const slot of ['主要内容简述', '主要观点', '>图<', '>表<', '实战演练', '重要参考文献'])
			expect(page).toContain(slot);
		expect(page).toContain('<pre class="mermaid-source" data-mermaid=""><code>flowchart LR');
		expect(page).toContain('数据格式与交互方式对比');
		expect(page).toContain('id="接口设计原则"');
		expect(page).toMatch(/最近审阅：2026年11月29日/);
		// Data-driven links: every case tagged with module 3.
		const tagged = caseData('zh-CN').filter((c) => c.modules.includes(3));
		for (const c of tagged) expect(page).toContain(c.title);
	});

	it('serves the English text under /en', async () => {
		const page = await html('/en/modules/interfaces-data-exchange');
		expect(page).toContain('<html lang="en">');
		expect(page).toContain('Interface design and data exchange');
		expect(page).toContain('Key points');
	});

	it('generates module 9’s table from the case metadata', async () => {
		const page = await html('/modules/case-analysis');
		const table = page.slice(page.indexOf('data-testid="cases-by-industry"'));
		for (const c of caseData('zh-CN')) expect(table).toContain(c.title);
	});

	it('builds the bibliography from every module, each work once', async () => {
		const modules = shipped
			.filter((i) => i.kind.kind === 'module')
			.map((i) => i.files['zh-CN'].data as unknown as ModuleData);
		const expected = buildBibliography(
			modules.flatMap((m) => m.references.map((r) => ({ ...r, module: m.number })))
		);
		for (const path of ['/references', '/modules/references']) {
			const page = await html(path);
			expect(count(page, '<tr id="ref-'), path).toBe(expected.length);
			expect(count(page, 'id="ref-sre-book-2016"')).toBe(1);
			expect(count(page, 'id="ref-lewis-2020"')).toBe(1);
		}
	});

	it('leads module 12 into the forum and shows the FAQ as its table', async () => {
		const page = await html('/modules/discussion-qa');
		expect(page).toContain('href="/questions"');
		expect(page).toContain('data-testid="faq-table"');
		expect(page).toContain('href="/faq/cost-control"');
	});

	it('answers 404 for an unknown module', async () => {
		expect((await get('/modules/nope')).status).toBe(404);
	});
});

describe('case pages', () => {
	it('lists every case and filters by industry, module and difficulty', async () => {
		const all = await html('/cases');
		expect(count(all, '<li class="card')).toBe(cases.length);
		const data = caseData('zh-CN');
		const banking = await html('/cases?industry=banking');
		expect(count(banking, '<li class="card')).toBe(
			data.filter((c) => c.industry === 'banking').length
		);
		const m6 = await html('/cases?module=6');
		expect(count(m6, '<li class="card')).toBe(data.filter((c) => c.modules.includes(6)).length);
		const adv = await html('/cases?difficulty=advanced&module=8');
		expect(count(adv, '<li class="card')).toBe(
			data.filter((c) => c.difficulty === 'advanced' && c.modules.includes(8)).length
		);
		const bogus = await html('/cases?industry=<script>&module=99');
		expect(count(bogus, '<li class="card')).toBe(cases.length);
		expect(bogus).not.toContain('<script>&');
	});

	it('shows a case with its notice, contents, reading time, modules, discussion and related cases', async () => {
		const page = await html('/cases/banking-customer-service');
		expect(page).toContain('data-testid="composite-notice"');
		expect(page).toContain('示意性的综合案例');
		expect(page).toContain('<h2 id="toc-heading"');
		expect(page).toMatch(/约 \d+ 分钟阅读/);
		expect(page).toContain('href="/modules/fault-handling-recovery"');
		expect(page).toContain('id="discussion-d1"');
		expect(page).toContain('相关案例');
		// Its design exercise (named in the front matter and tagged case:<id>) is linked once.
		expect(count(page, 'href="/exercises/banking-kb-design"')).toBe(1);
		expect(page).not.toContain('本案例的设计练习尚未发布');
		expect(page).toContain('data-mermaid');
	});

	it('sends a case’s and a module’s article once, and as data on client-side navigation', async () => {
		for (const [path, sentence] of [
			['/cases/banking-customer-service', '澄湖银行（虚构）是一家城市商业银行'],
			['/modules/interfaces-data-exchange', '最常见的错误是把模型调用原样暴露出去']
		]) {
			const page = await html(path);
			expect(count(page, sentence), path).toBe(1);
			expect(page).toMatch(/html:app\.decode\('RenderedHtml', \["(Case|Module)Article"\]\)/);
			const data = await get(`${path}/__data.json?x-sveltekit-invalidated=11`);
			expect(data.status).toBe(200);
			expect(count(await data.text(), sentence), `${path}/__data.json`).toBe(1);
		}
	});

	it('answers 404 for an unknown case', async () => {
		expect((await get('/cases/nope')).status).toBe(404);
	});
});

describe('bookmarks and reading progress', () => {
	it('bookmarks and marks as read for a signed-in user, shown on the home page', async () => {
		const { cookie } = await signedIn(serverDb());
		const path = '/cases/banking-customer-service';
		const b = await postForm(`${path}?/bookmark`, {}, { cookie });
		expect(b.status).toBe(303);
		expect(b.headers.get('location')).toBe(path);
		const r = await postForm(`/en/modules/overview?/markRead`, {}, { cookie });
		expect(r.headers.get('location')).toBe('/en/modules/overview');
		expect(await html(path, cookie)).toContain('aria-pressed="true"');

		const home = await html('/', cookie);
		expect(home).toContain('data-testid="bookmarks"');
		expect(home).toContain('城商行客服知识问答');
		expect(home).toContain('已读 1 / 12');
		expect(home).toContain(`已读 0 / ${cases.length}`);

		await postForm(`${path}?/unbookmark`, {}, { cookie });
		await postForm(`/modules/overview?/markUnread`, {}, { cookie });
		const after = await html('/', cookie);
		expect(after).not.toContain('data-testid="bookmarks"');
		expect(after).toContain('已读 0 / 12');
	});

	it('sends visitors to log in and refuses unknown items', async () => {
		const visitor = await postForm('/cases/banking-customer-service?/bookmark', {});
		expect(visitor.status).toBe(303);
		expect(visitor.headers.get('location')).toMatch(/^\/login\?redirectTo=/);
		const { cookie } = await signedIn(serverDb());
		expect((await postForm('/cases/nope?/bookmark', {}, { cookie })).status).toBe(404);
	});
});

describe('search page', () => {
	it('finds 熔断 with highlighted snippets', async () => {
		const page = await html(`/search?q=${encodeURIComponent('熔断')}`);
		expect(page).toContain('data-testid="search-results"');
		expect(page).toMatch(/<mark[^>]*>熔断<\/mark>/);
	});

	it('finds English words case-insensitively', async () => {
		const page = await html(`/en/search?q=${encodeURIComponent('Circuit BREAKER')}`);
		expect(page).toMatch(/<mark[^>]*>circuit<\/mark>/i);
		expect(page).toContain('href="/en/modules/fault-handling-recovery"');
	});

	it('never fails on FTS syntax', async () => {
		for (const q of ['"', 'NEAR(', 'a OR', '*', '(((', 'title_bi:x', '"熔断" OR "']) {
			await html(`/search?q=${encodeURIComponent(q)}`);
		}
	});

	it('answers a huge or malformed page number instead of failing', async () => {
		for (const page of ['99999999999999999999', '1e400', '-3', 'x']) {
			await html(`/search?q=${encodeURIComponent('熔断')}&page=${page}`);
		}
	});

	it('escapes the query it echoes', async () => {
		const page = await html(`/search?q=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
		expect(page).not.toContain('<img src=x');
	});
});

describe('about/architecture', () => {
	it('describes Casebook as a case study, with its diagram', async () => {
		const page = await html('/about/architecture');
		expect(page).toContain('Casebook 的架构');
		expect(page).toContain('data-mermaid');
		expect(await html('/en/about/architecture')).toContain('How Casebook is built');
	});
});

describe('content sync at start', () => {
	const servers: RunningServer[] = [];
	const dirs: string[] = [];
	afterAll(async () => {
		await Promise.all(servers.map((s) => s.stop()));
		for (const d of dirs) rmSync(d, { recursive: true, force: true });
	});

	it('reports a broken file, keeps serving the rest, and keeps the last good version on restart', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'casebook-cases-'));
		dirs.push(dir);
		const root = join(dir, 'cases');
		cpSync('./cases', root, { recursive: true });
		const env = { CONTENT_DIR: root, LOG_LEVEL: 'info', DATABASE_URL: join(dir, 'casebook.db') };
		const first = await startBuiltServer(env);
		servers.push(first);
		await first.stop();

		writeFileSync(
			join(root, 'case-studies/banking-customer-service/en.md'),
			'# not front matter\n'
		);
		const again = await startBuiltServer(env);
		servers.push(again);
		expect(again.output()).toContain(
			'content: cases/case-studies/banking-customer-service/en.md: the file must start with a'
		);
		const page = await get('/en/cases/banking-customer-service', { base: again.url });
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('circuit breaking');
	});
});
