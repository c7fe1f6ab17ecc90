import { test, expect, e2eDb } from './fixtures';
import { makeUser } from '../support/factories';
import { makeAnswer, makeOldUser, makeThread } from '../support/forum';
import { getThreadView } from '../../src/lib/server/forum';

const stamp = () => `${Date.now()}${Math.random().toString(36).slice(2, 5)}`;

test.describe('Q&A forum @nojs', () => {
	test('ask with similar-question suggestions, answer, accept', async ({ page, signInAs }) => {
		const js = test.info().project.name === 'js';
		const s = stamp();
		const earlier = await makeUser(e2eDb());
		makeThread(e2eDb(), earlier, { title: `熔断器打开后如何降级到备用模型 ${s}` });
		const asker = await signInAs(await makeOldUser(e2eDb()));

		await page.goto('/en/questions/ask');
		if (js) await page.waitForLoadState('networkidle');
		await page.getByLabel('Title').fill(`熔断器打开以后怎么办 ${s}`);
		await page
			.getByLabel('Question', { exact: true })
			.fill('The provider keeps timing out and the **circuit breaker** opened.');
		await page.getByLabel('Module').selectOption('module:8');
		if (js) {
			// Suggestions appear while typing, before anything is posted.
			await expect(page.getByTestId('similar-list')).toContainText(
				`熔断器打开后如何降级到备用模型 ${s}`
			);
		} else {
			// Without JavaScript, posting goes through the preview step, which shows them.
			await expect(page.getByRole('button', { name: 'Post question' })).toHaveCount(0);
			await page.getByRole('button', { name: 'Preview' }).click();
			await expect(page.getByTestId('ask-preview')).toContainText('circuit breaker');
			await expect(page.getByTestId('similar-list')).toContainText(
				`熔断器打开后如何降级到备用模型 ${s}`
			);
			await expect(page.getByLabel('Title')).toHaveValue(`熔断器打开以后怎么办 ${s}`);
		}
		await page.getByRole('button', { name: 'Post question' }).click();
		await expect(
			page.getByRole('heading', { level: 1, name: `熔断器打开以后怎么办 ${s}` })
		).toBeVisible();
		await expect(page.getByTestId('question').locator('strong')).toHaveText('circuit breaker');
		const threadUrl = page.url().replace(/#.*$/, '');

		const answerer = await signInAs(await makeOldUser(e2eDb()));
		await page.goto(threadUrl);
		await page
			.getByRole('textbox', { name: 'Your answer' })
			.fill('Switch to the **standby model** and tell the user.');
		await page.getByRole('button', { name: 'Post answer' }).click();
		const answer = page.getByTestId('answer').filter({ hasText: 'standby model' });
		await expect(answer).toBeVisible();
		// Nobody votes on their own post or accepts an answer to someone else's question.
		await expect(answer.getByRole('button', { name: /Vote up/ })).toHaveCount(0);
		await expect(answer.getByRole('button', { name: 'Accept this answer' })).toHaveCount(0);

		await signInAs(asker);
		await page.goto(threadUrl);
		await page
			.getByTestId('answer')
			.getByRole('button', { name: /Vote up/ })
			.click();
		await expect(page.getByTestId('answer').getByTestId('score')).toHaveText('1');
		await page.getByRole('button', { name: 'Accept this answer' }).click();
		await expect(page.getByTestId('accepted-mark')).toBeVisible();
		await page.goto('/en/notifications');
		await expect(
			page.getByText(`${answerer.displayName} answered your question`).first()
		).toBeVisible();
		await signInAs(answerer);
		await page.goto('/en/notifications');
		await expect(page.getByText(/Your answer in “熔断器打开以后怎么办/).first()).toBeVisible();
	});

	test('a comment, a flag, and an instructor hides and locks', async ({
		page,
		signInAs,
		signIn
	}) => {
		const s = stamp();
		const author = await makeUser(e2eDb());
		const t = makeThread(e2eDb(), author, { title: `Thread to moderate ${s}` });
		makeAnswer(e2eDb(), author, t.id, `Buy cheap tokens at spam.example ${s}`);

		await signIn('learner');
		await page.goto(`/en/questions/${t.id}`);
		const answer = page.getByTestId('answer');
		await answer.locator('summary', { hasText: 'Add a comment' }).click();
		await answer.getByLabel('Add a comment').fill('This looks like an advert.');
		await answer.getByRole('button', { name: 'Post comment' }).click();
		await expect(
			page.getByTestId('comment').filter({ hasText: 'This looks like an advert.' })
		).toBeVisible();

		await page
			.getByTestId('answer')
			.locator('summary', { hasText: /^Flag$/ })
			.first()
			.click();
		await page.getByTestId('answer').getByLabel('Spam or advertising').first().check();
		await page
			.getByTestId('answer')
			.getByLabel('Note for the instructors (optional)')
			.first()
			.fill(`advert ${s}`);
		await page.getByTestId('answer').getByRole('button', { name: 'Send flag' }).first().click();
		await expect(page.getByText('Thank you: an instructor will look at it.')).toBeVisible();

		await signIn('instructor');
		await page.goto('/en/instructor/moderation');
		const entry = page.getByTestId('queue-entry').filter({ hasText: `advert ${s}` });
		await expect(entry).toContainText(`Thread to moderate ${s}`);
		await entry.getByLabel('Reason (shown to the author)').fill('Advertising');
		await entry.getByRole('button', { name: 'Hide post' }).click();
		await expect(page.getByRole('status')).toContainText('The post is hidden');
		await expect(page.getByTestId('queue-entry').filter({ hasText: `advert ${s}` })).toHaveCount(0);

		await page.goto(`/en/questions/${t.id}`);
		await page.locator('summary', { hasText: /^Lock$/ }).click();
		await page.getByLabel('Reason (optional, shown to the asker)').fill('Resolved');
		await page.getByRole('button', { name: 'Lock thread' }).click();
		await expect(page.getByTestId('locked-badge')).toBeVisible();

		await signInAs(author);
		await page.goto(`/en/questions/${t.id}`);
		await expect(page.getByTestId('hidden-notice')).toContainText('Advertising');
		await expect(page.getByRole('textbox', { name: 'Your answer' })).toHaveCount(0);

		await page.context().clearCookies();
		await page.goto(`/en/questions/${t.id}`);
		await expect(
			page.getByRole('heading', { level: 1, name: `Thread to moderate ${s}` })
		).toBeVisible();
		await expect(page.getByTestId('answer')).toHaveCount(0);
	});

	test('an instructor promotes a thread to the FAQ', async ({ page, signIn }) => {
		const s = stamp();
		const asker = await makeUser(e2eDb());
		const t = makeThread(e2eDb(), asker, {
			title: `How long should prompt caches live ${s}`,
			tags: ['module:7']
		});
		const a = makeAnswer(
			e2eDb(),
			asker,
			t.id,
			'Until the prompt version changes; set a retention period too.'
		);
		expect(getThreadView(e2eDb(), t.id, null).answers[0].id).toBe(a.id);

		await signIn('instructor');
		await page.goto(`/en/questions/${t.id}`);
		await page.getByRole('link', { name: 'Promote to FAQ' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Promote to the FAQ' })).toBeVisible();
		await expect(page.getByLabel('Module')).toHaveValue('7');
		const english = page.getByRole('group', { name: 'English' });
		await expect(english.getByLabel('Question')).toHaveValue(
			`How long should prompt caches live ${s}`
		);
		await english.getByLabel('Question').fill(`How long should a prompt cache keep entries? ${s}`);
		await page.getByRole('button', { name: 'Create FAQ entry' }).click();

		await expect(
			page.getByRole('heading', {
				level: 1,
				name: `How long should a prompt cache keep entries? ${s}`
			})
		).toBeVisible();
		await expect(page.getByText('Until the prompt version changes')).toBeVisible();
		await page.goto('/en/faq');
		const item = page.getByTestId('faq-group').getByRole('listitem').filter({ hasText: s });
		await expect(item).toContainText('from the forum');
		await page.goto(`/en/faq?q=${encodeURIComponent('prompt cache')}`);
		await expect(page.getByTestId('faq-results')).toContainText(s);
	});
});
