import { test, expect, e2eDb } from './fixtures';
import { makeOldUser } from '../support/forum';
import { XSS_PAYLOADS } from '../support/xss-payloads';
import { addAnswer, addComment, createThread, getThreadView } from '../../src/lib/server/forum';

/**
 * The XSS corpus posted as a question, as answers and as comments (through the forum's own write
 * functions, the same path the forms take after validation), then rendered in Chromium: no dialog
 * may open, and no javascript:/data: URL or on* attribute may survive in the posts.
 */
/** Every on* attribute and script-like URL inside the posts, and unexpected elements anywhere. */
function unsafeParts() {
	const out: string[] = [];
	const posts = document.querySelectorAll('[data-testid="question"], [data-testid="answer"]');
	for (const post of posts)
		for (const el of post.querySelectorAll('*'))
			for (const attr of el.attributes) {
				const name = attr.name.toLowerCase();
				// eslint-disable-next-line no-control-regex -- what browsers ignore in URLs
				const value = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
				if (name.startsWith('on')) out.push(`<${el.tagName}> ${name}`);
				if (/^(javascript|vbscript|data):/.test(value))
					out.push(`<${el.tagName}> ${name}=${value.slice(0, 30)}`);
			}
	for (const el of document.querySelectorAll('script:not([nonce]), iframe, object, embed'))
		out.push(`unexpected <${el.tagName}>`);
	return out;
}

test.describe('XSS corpus in the forum @nojs', () => {
	test('posted through the forms: question, answer and comment', async ({ page, signInAs }) => {
		test.setTimeout(60_000);
		const dialogs: string[] = [];
		page.on('dialog', async (d) => {
			dialogs.push(d.message());
			await d.dismiss();
		});
		await signInAs(await makeOldUser(e2eDb()));
		const chunk = (i: number) => XSS_PAYLOADS.slice(i * 21, i * 21 + 21).join('\n\n');
		await page.goto('/en/questions/ask');
		await page.getByLabel('Title').fill(`<svg onload=alert(1)> XSS form test ${Date.now()}`);
		await page.getByLabel('Question', { exact: true }).fill(chunk(0));
		await page.getByRole('button', { name: 'Preview' }).click();
		await expect(page.getByTestId('ask-preview')).toBeVisible();
		expect(await page.evaluate(unsafeParts)).toEqual([]);
		await page.getByRole('button', { name: 'Post question' }).click();
		await expect(page.getByTestId('question')).toBeVisible();
		for (const i of [1, 2, 3]) {
			await page.getByRole('textbox', { name: 'Your answer' }).fill(chunk(i));
			await page.getByRole('button', { name: 'Post answer' }).click();
			await expect(page.getByTestId('answer')).toHaveCount(i);
		}
		const question = page.getByTestId('question');
		await question.locator('summary', { hasText: 'Add a comment' }).click();
		await question
			.getByLabel('Add a comment')
			.fill('<img src=x onerror=alert(1)> [x](javascript:alert(1))');
		await question.getByRole('button', { name: 'Post comment' }).click();
		await expect(page.getByTestId('comment')).toHaveCount(1);
		await page.waitForLoadState('networkidle');
		expect(await page.evaluate(unsafeParts)).toEqual([]);
		expect(dialogs).toEqual([]);
	});

	test('renders without any dialog, script URL or event handler', async ({ page, signInAs }) => {
		// One page with the corpus 4 times over (question, answers, two sets of comments): a big page.
		test.setTimeout(120_000);
		const db = e2eDb();
		const author = await makeOldUser(db);
		const thread = createThread(db, author, {
			title: `XSS corpus <img src=x onerror=alert(1)> ${Date.now()}`,
			body: XSS_PAYLOADS.join('\n\n'),
			tags: []
		});
		const question = getThreadView(db, thread.id, null).question.id;
		for (const payload of XSS_PAYLOADS) {
			const answer = addAnswer(db, author, thread.id, payload);
			addComment(db, author, thread.id, answer.id, payload);
			addComment(db, author, thread.id, question, payload);
		}

		const dialogs: string[] = [];
		page.on('dialog', async (d) => {
			dialogs.push(d.message());
			await d.dismiss();
		});
		// Signed in as a moderator, every control (flag, hide, edit forms) is on the page too.
		await signInAs(await makeOldUser(db, { role: 'instructor' }));
		await page.goto(`/en/questions/${thread.id}`);
		await page.waitForLoadState('networkidle');
		await expect(page.getByTestId('answer')).toHaveCount(XSS_PAYLOADS.length);
		await expect(page.getByTestId('comment')).toHaveCount(XSS_PAYLOADS.length * 2);

		const problems = await page.evaluate(unsafeParts);
		expect(problems).toEqual([]);
		expect(dialogs).toEqual([]);
		// Exercise the page a little: open every disclosure, hover the posts.
		for (const summary of await page
			.locator('[data-testid="answer"] summary')
			.all()
			.then((l) => l.slice(0, 4)))
			await summary.click();
		await page.getByTestId('question').hover();
		expect(dialogs).toEqual([]);
	});
});
