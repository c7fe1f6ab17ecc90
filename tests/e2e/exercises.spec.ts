import { test, expect, e2eDb } from './fixtures';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { BrowserContext } from '@playwright/test';
import { exerciseDrafts, feedback } from '../../src/lib/server/db/schema';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { loadExerciseEvalSets } from '../../src/lib/server/feedback/eval-sets';
import { makeSession, makeUser } from '../support/factories';
import { FakeLlm, gradingReply, replies } from '../support/fake-llm';
import { SERVER_START_HOOK_MS, startBuiltServer, type RunningServer } from '../support/server';

const SLUG = 'banking-kb-design';
const ANSWER_LINES = [
	'## 数据边界',
	'',
	'账户数据不出行，采用意图识别加模板填数。',
	'',
	'熔断、降级与限流。'
];

test.describe('writing and submitting an answer @nojs', () => {
	test('write, save, reload, submit, and read the feedback', async ({
		page,
		signIn,
		javaScriptEnabled
	}) => {
		const user = await signIn();
		await page.goto(`/exercises/${SLUG}`);
		const answer = page.getByLabel('答案（Markdown）');
		await answer.fill(ANSWER_LINES.join('\n'));
		if (javaScriptEnabled) {
			// Autosave, counted in characters (a Chinese character is 1) and previewed as typed.
			await expect(page.getByTestId('char-count')).toContainText(
				`${[...ANSWER_LINES.join('\n')].length} / 8,000`
			);
			await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'saved');
			await expect(
				page.getByTestId('answer-preview').getByRole('heading', { name: '数据边界' })
			).toBeVisible();
		} else {
			await page.getByRole('button', { name: '保存草稿' }).click();
			await expect(page.getByText('草稿已保存。')).toBeVisible();
			await expect(
				page.getByTestId('answer-preview').getByRole('heading', { name: '数据边界' })
			).toBeVisible();
		}
		const stored = e2eDb()
			.select()
			.from(exerciseDrafts)
			.where(eq(exerciseDrafts.userId, user.id))
			.get();
		expect(stored?.body).toBe(ANSWER_LINES.join('\n'));

		await page.reload();
		await expect(answer).toHaveValue(ANSWER_LINES.join('\n'));

		await page.getByRole('button', { name: '提交答案' }).click();
		await expect(page).toHaveURL(/\/submissions\/\d+$/);
		await expect(page.getByRole('heading', { name: '第 1 次提交' })).toBeVisible();
		// The offline check answers (no provider here); without JavaScript the page reloads itself.
		await expect(page.getByTestId('criterion-card')).toHaveCount(5, { timeout: 15_000 });
		await expect(page.getByTestId('feedback-source')).toContainText('离线评分检查（非 AI）');
		await expect(page.getByTestId('answer-text').locator('mark').first()).toBeVisible();

		// Back on the exercise: one attempt used, the list says feedback is ready.
		await page.goto(`/exercises`);
		const card = page
			.getByTestId('exercise-card')
			.filter({ has: page.locator(`a[href="/exercises/${SLUG}"]`) });
		await expect(card.getByTestId('exercise-state')).toHaveText('反馈已就绪');
	});
});

test.describe('the editor with JavaScript', () => {
	test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'needs JavaScript');

	test('keeps text typed while offline and sends it when the connection returns', async ({
		page,
		context,
		signIn
	}) => {
		const user = await signIn();
		await page.goto(`/en/exercises/${SLUG}`);
		const answer = page.getByLabel('Answer (Markdown)');
		await expect(page.getByTestId('draft-status')).toBeVisible();
		await context.setOffline(true);
		await answer.fill('Written on a train without a connection.');
		await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'offline');
		await context.setOffline(false);
		await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'saved');
		const draft = () =>
			e2eDb().select().from(exerciseDrafts).where(eq(exerciseDrafts.userId, user.id)).get()?.body;
		expect(draft()).toBe('Written on a train without a connection.');

		// The tab cannot reach the server (closed while offline, say): the next visit restores this
		// browser's copy and saves it. The first tab is cut off by routing rather than by closing it
		// offline: a closing tab's keepalive save can slip past Chromium's offline emulation once the
		// tab is gone, and then there would be nothing left to restore.
		await page.route('**/draft', (route) => route.abort('internetdisconnected'));
		await answer.fill('Edited offline, then the tab was closed.');
		await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'offline');
		expect(draft()).toBe('Written on a train without a connection.');
		const again = await context.newPage();
		await again.goto(`/en/exercises/${SLUG}`);
		await expect(again.getByText('Unsaved text from this browser was restored')).toBeVisible();
		await expect(again.getByLabel('Answer (Markdown)')).toHaveValue(
			'Edited offline, then the tab was closed.'
		);
		await expect(again.getByTestId('draft-status')).toHaveAttribute('data-status', 'saved');
		expect(draft()).toBe('Edited offline, then the tab was closed.');
		await page.close();
	});

	test('keeps text typed before the page became interactive, and saves it', async ({
		page,
		signIn
	}) => {
		const user = await signIn();
		// Hold the app's scripts back (a slow phone): the server-rendered editor is there, not yet live.
		let releaseScripts!: () => void;
		const scripts = new Promise<void>((r) => (releaseScripts = r));
		await page.route('**/_app/immutable/**/*.js', async (route) => {
			await scripts;
			await route.continue();
		});
		await page.goto(`/en/exercises/${SLUG}`, { waitUntil: 'commit' });
		const answer = page.getByLabel('Answer (Markdown)');
		await answer.fill('Typed before the scripts arrived.');
		await expect(page.getByTestId('draft-status')).toHaveCount(0);

		const saved = page.waitForResponse(
			(r) => r.request().method() === 'PUT' && r.url().endsWith('/draft')
		);
		releaseScripts();
		await expect(page.getByTestId('draft-status')).toBeVisible();
		await expect(answer).toHaveValue('Typed before the scripts arrived.');
		await expect(page.getByTestId('char-count')).toContainText('33 / 8,000');
		await expect(page.getByRole('button', { name: 'Submit answer' })).toBeEnabled();
		expect((await saved).ok()).toBe(true);
		await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'saved');
		expect(
			e2eDb().select().from(exerciseDrafts).where(eq(exerciseDrafts.userId, user.id)).get()?.body
		).toBe('Typed before the scripts arrived.');
	});

	test('draws a Mermaid diagram in the preview, and Enter confirming an IME candidate saves nothing', async ({
		page,
		signIn
	}) => {
		await signIn();
		await page.goto(`/en/exercises/${SLUG}`);
		await expect(page.getByTestId('draft-status')).toBeVisible();
		await page.getByRole('button', { name: 'Insert a Mermaid diagram' }).click();
		const preview = page.getByTestId('answer-preview');
		await expect(preview.getByTestId('diagram').locator('svg')).toBeVisible();
		await expect(preview.getByTestId('diagram')).toContainText('LLM gateway');
		await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'saved');

		const saves: string[] = [];
		page.on('request', (r) => {
			if (r.method() === 'PUT' && r.url().endsWith('/draft')) saves.push(r.url());
		});
		const answer = page.getByLabel('Answer (Markdown)');
		// Ctrl+Enter saves, except while an input method is composing (that Enter picks a candidate).
		await answer.dispatchEvent('keydown', { key: 'Enter', ctrlKey: true, isComposing: true });
		await answer.dispatchEvent('keydown', { key: 'Enter', keyCode: 229, ctrlKey: true });
		const saved = page.waitForResponse(
			(r) => r.request().method() === 'PUT' && r.url().endsWith('/draft')
		);
		await answer.dispatchEvent('keydown', { key: 'Enter', ctrlKey: true });
		await saved;
		// A save started by the composing Enter would have been followed by a second one by now.
		await expect(page.getByTestId('draft-status')).toHaveAttribute('data-status', 'saved');
		expect(saves).toHaveLength(1);
	});
});

/** Signs `context` in on `server` as a new learner of that server's database. */
async function signInOn(context: BrowserContext, server: RunningServer, db: Db) {
	const user = await makeUser(db);
	const { token } = makeSession(db, user.id);
	await context.addCookies([{ name: 'casebook_session', value: token, url: server.url }]);
	return user;
}

test('the preview box scrolls from the keyboard: a focusable, named region @nojs', async ({
	page,
	signIn,
	javaScriptEnabled
}) => {
	await signIn();
	await page.goto(`/en/exercises/${SLUG}`);
	const long = Array.from({ length: 80 }, (_, i) => `Paragraph ${i + 1} of a long answer.`).join(
		'\n\n'
	);
	await page.getByLabel('Answer (Markdown)').fill(long);
	if (!javaScriptEnabled) await page.getByRole('button', { name: 'Save draft' }).click();
	// Named after what it shows: the live preview with JavaScript, the saved draft's without.
	const name = javaScriptEnabled
		? 'Preview of your answer (scrollable)'
		: 'Preview of the saved draft (scrollable)';
	const preview = page.getByRole('region', { name });
	await expect(preview.getByText('Paragraph 80 of a long answer.')).toBeAttached();
	await expect(preview).toHaveAttribute('tabindex', '0');
	// Reached with Tab (not only by a click) and scrolled with the keyboard.
	await page.getByLabel('Answer (Markdown)').focus();
	for (let i = 0; i < 30; i++) {
		if (await preview.evaluate((el) => el === document.activeElement)) break;
		await page.keyboard.press('Tab');
	}
	await expect(preview).toBeFocused();
	expect(await preview.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
	await page.keyboard.press('End');
	await expect.poll(() => preview.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);
	await expect(preview.getByText('Paragraph 80 of a long answer.')).toBeInViewport();
});

test.describe('AI feedback arriving live @nojs', () => {
	const rubric = loadExerciseEvalSets('cases/exercises').rubrics['exercise-banking-kb-design'];
	let fake: FakeLlm;
	let server: RunningServer;
	let db: Db;
	test.beforeAll(async () => {
		// A second server (migrations, content sync) starts slowly on a loaded machine.
		test.setTimeout(SERVER_START_HOOK_MS);
		fake = await FakeLlm.start();
		server = await startBuiltServer({
			LLM_BASE_URL: fake.url,
			LLM_MODEL: 'fake-model',
			LLM_PROVIDER_NAME: 'Fake Provider Inc.',
			FEEDBACK_POLL_MS: '50',
			// The fake holds its reply until the test releases it: a silence that must not count as a
			// stalled stream (then a retry would get the fake's default 500 and the offline check).
			LLM_STREAM_IDLE_MS: '600000',
			LLM_TIMEOUT_MS: '600000',
			LLM_RETRIES: '0'
		});
		db = openDatabase(server.dbPath);
	});
	test.afterAll(async () => {
		db?.$client.close();
		await server?.stop();
		await fake?.close();
	});

	test('the submission page shows the wait, then the model’s feedback', async ({
		page,
		context,
		javaScriptEnabled
	}) => {
		// Three page loads and a background job; without JavaScript the page refreshes every 5 s.
		test.slow();
		await signInOn(context, server, db);
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		const quote = '采用意图识别加模板填数';
		const callsBefore = fake.calls.length;
		fake.enqueue(async (req, res) => {
			await gate;
			await replies.content(gradingReply(rubric, {}, { 'data-boundary': [quote] }), {
				chunkChars: 200
			})(req, res);
		});
		await page.goto(`${server.url}/en/exercises/${SLUG}`);
		await expect(page.getByTestId('provider-notice')).toContainText('Fake Provider Inc.');
		await page
			.getByLabel('Answer (Markdown)')
			// Each run's own text: a repeated answer would be answered from the feedback cache.
			.fill(`${ANSWER_LINES.join('\n')}\n\n${javaScriptEnabled ? 'js' : 'nojs'} ${randomUUID()}`);
		// With JavaScript the page listens to the progress stream: its headers arrive once the server
		// has subscribed, so what follows is sent live (not found in the first snapshot).
		const listening = javaScriptEnabled
			? page.waitForResponse((r) => /\/submissions\/\d+\/events$/.test(r.url()))
			: null;
		await page.getByRole('button', { name: 'Submit answer' }).click();
		await expect(page).toHaveURL(/\/en\/submissions\/\d+$/);
		const submissionId = Number(new URL(page.url()).pathname.split('/').pop());
		await expect(page.getByTestId('feedback-pending')).toBeVisible();
		await expect(page.getByTestId('provider-notice')).toBeVisible();
		if (listening) {
			expect((await listening).status()).toBe(200);
			await page.evaluate(() => ((window as { stay?: number }).stay = 1));
		}
		// The worker's call is waiting at the gate.
		await expect.poll(() => fake.calls.length).toBe(callsBefore + 1);

		release();
		// The model's feedback is stored …
		await expect
			.poll(
				() =>
					db
						.select({ source: feedback.source })
						.from(feedback)
						.where(eq(feedback.submissionId, submissionId))
						.all()
						.map((f) => f.source),
				{ timeout: 20_000 }
			)
			.toEqual(['model']);
		// … and the page shows it: pushed with JavaScript, at the next refresh (5 s) without.
		await expect(page.getByTestId('criterion-card')).toHaveCount(5, { timeout: 15_000 });
		await expect(page.getByTestId('feedback-source')).toHaveAttribute('data-source', 'model');
		await expect(page.getByTestId('feedback-source')).toContainText('AI feedback');
		await expect(page.getByTestId('answer-text').locator('mark#ev-0-0')).toHaveText(
			new RegExp(quote)
		);
		// With JavaScript it arrived over server-sent events, without a reload.
		if (javaScriptEnabled)
			expect(await page.evaluate(() => (window as { stay?: number }).stay)).toBe(1);
	});
});
