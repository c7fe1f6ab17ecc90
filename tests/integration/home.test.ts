import { describe, expect, it } from 'vitest';
import { signedIn } from '../support/factories';
import { get, serverDb } from '../support/http';

describe('the home page', () => {
	it('tells a visitor what the site is and where to begin, in both languages', async () => {
		const zh = await (await get('/')).text();
		expect(zh).toContain('Casebook 是课程“大模型与业务系统的对接与集成”的学习平台');
		expect(zh).toContain('从这里开始');
		expect(zh).toMatch(/href="\/modules"[^>]*>1\. 按顺序阅读十二个模块/);
		expect(zh).toContain('不注册也可以阅读全部模块');
		expect(zh).toMatch(/已有账户？\s*<a[^>]*href="\/login"/);

		const en = await (await get('/en')).text();
		expect(en).toContain('Casebook is the learning platform of the course');
		expect(en).toContain('Where to begin');
		expect(en).toMatch(/href="\/en\/register"[^>]*>3\. Register and join your cohort/);
		expect(en).toContain('without an account');
		expect(en).toMatch(/Already have an account\?\s*<a[^>]*href="\/en\/login"/);
	});

	it('does not show the visitor note to a signed-in learner', async () => {
		const { cookie } = await signedIn(serverDb());
		const res = await get('/en', { cookie });
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).not.toContain('without an account');
		expect(html).not.toMatch(/Already have an account/);
	});
});
