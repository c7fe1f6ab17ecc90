import { chromium } from '@playwright/test';
import { startBuiltServer } from './support/server';
import { openDatabase } from '../src/lib/server/db';
import { makeUser, makeSession } from './support/factories';

const srv = await startBuiltServer();
const db = openDatabase(srv.dbPath);
for (let i = 0; i < 4; i++) await makeUser(db, { displayName: `学员 ${i}` });
const admin = await makeUser(db, { role: 'admin', displayName: '管理员 Wang' });
const learner = await makeUser(db, { displayName: '学员 Li' });
const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run'
	]
});
const pages: Array<[string, string, number | null]> = [
	['home', '/', null],
	['register', '/register', null],
	['login', '/login', null],
	['admin-users', '/admin/users', admin.id],
	['forbidden', '/admin/users', learner.id],
	['account', '/account', learner.id]
];
for (const width of [1280, 360]) {
	for (const [name, path, uid] of pages) {
		for (const loc of ['zh', 'en']) {
			const ctx = await browser.newContext({ viewport: { width, height: 800 } });
			if (uid) {
				const { token } = makeSession(db, uid);
				await ctx.addCookies([{ name: 'casebook_session', value: token, url: srv.url }]);
			}
			const page = await ctx.newPage();
			await page.goto(srv.url + (loc === 'en' ? '/en' + (path === '/' ? '' : path) : path));
			await page.screenshot({ path: `/tmp/shots/${name}-${loc}-${width}.png`, fullPage: true });
			await ctx.close();
		}
	}
}
await browser.close();
await srv.stop();
