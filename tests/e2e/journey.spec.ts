import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { test, expect as baseExpect, type Browser, type Page } from '@playwright/test';
import { m } from '../../src/lib/paraglide/messages';
import { and, eq } from 'drizzle-orm';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { feedback } from '../../src/lib/server/db/schema';
import { loadExerciseEvalSets } from '../../src/lib/server/feedback/eval-sets';
import type { QuizData } from '../../src/lib/server/content/kinds/quiz-schema';
import { FACTORY_PASSWORD, makeUser } from '../support/factories';
import { FakeLlm, gradingReply, replies } from '../support/fake-llm';
import { SERVER_START_HOOK_MS, startBuiltServer, type RunningServer } from '../support/server';
import { journeyShot } from './journey-shots';

/**
 * Issue #13: one newcomer's journey through the whole product, in real Chromium, in both languages,
 * against its own built server whose LLM provider is the fake (tests/support/fake-llm.ts).
 * With JOURNEY_SCREENSHOTS=1 it writes the README's screenshots, docs/screenshots/<name>.<locale>.png.
 */

// A long journey on a loaded machine next to other suites: each visible state gets up to 15 s.
const expect = baseExpect.configure({ timeout: 15_000 });

type Locale = 'zh-CN' | 'en';
type Messages = Record<string, (inputs?: object, options?: { locale: Locale }) => string>;
const messages = m as unknown as Messages;

const CASE = 'banking-customer-service';
const MODULE = 'fault-handling-recovery';
const QUIZ = 'module-08';
const LAB = 'capacity-cost-support-assistant';
const EXERCISE = 'banking-kb-design';
const LAB_VALUES: Record<string, string> = {
	'peak-rpm': '1800',
	'peak-rps': '30',
	'peak-tpm': '3240000',
	'in-flight': '120',
	'daily-cost': '648',
	'batch-saving': '108'
};
const ANSWER: Record<Locale, string> = {
	'zh-CN': [
		'## 数据边界',
		'',
		'账户数据不出行，采用意图识别加模板填数；检索只用公开的产品条款。',
		'',
		'## 故障处理',
		'',
		'熔断、降级与限流：服务商中断时切换到人工审核过的常见问题答案并转人工。'
	].join('\n'),
	en: [
		'## Data boundary',
		'',
		'Account data never leaves the bank: intent detection plus template filling; retrieval uses public product terms only.',
		'',
		'## Fault handling',
		'',
		'Circuit breaker, fallback and rate limiting: during a provider outage, show approved FAQ answers and hand off to an agent.'
	].join('\n')
};

/** What the fake model says about ANSWER: some criteria met, with quotes from the answer. */
function modelReview(locale: Locale) {
	const zh = locale === 'zh-CN';
	const quotes: Record<string, string> = zh
		? { 'data-boundary': '账户数据不出行，采用意图识别加模板填数', resilience: '熔断、降级与限流' }
		: {
				'data-boundary':
					'Account data never leaves the bank: intent detection plus template filling',
				resilience: 'Circuit breaker, fallback and rate limiting'
			};
	const levels: Record<string, number> = { 'data-boundary': 2, resilience: 2 };
	return {
		criteria: rubric.criteria.map((c) => ({
			criterion_id: c.id,
			level: levels[c.id] ?? 0,
			evidence: quotes[c.id] ? [quotes[c.id]] : [],
			missing: [zh ? '具体的接口字段与错误格式' : 'concrete interface fields and error format'],
			suggestion: zh
				? '补充一张数据流图，并写明每个组件看到哪些数据。'
				: 'Add a data-flow diagram and say which component sees which data.'
		})),
		summary: zh
			? '数据边界清楚，降级思路正确；接口、权限与审计还没有展开。'
			: 'A clear data boundary and a sound fallback; interface, access control and audit are not covered yet.'
	};
}

let fake: FakeLlm;
let server: RunningServer;
let db: Db;
const rubric = loadExerciseEvalSets('cases/exercises').rubrics[`exercise-${EXERCISE}`];

test.beforeAll(async () => {
	test.setTimeout(SERVER_START_HOOK_MS);
	fake = await FakeLlm.start();
	// Every model call not scripted by a test gets a well-formed grading of the answer.
	fake.setDefault(replies.content(gradingReply(rubric, {}, {}, 'Clear boundary and fallback.')));
	server = await startBuiltServer({
		LLM_BASE_URL: fake.url,
		LLM_MODEL: 'fake-model',
		LLM_PROVIDER_NAME: 'Fake Provider Inc.',
		LLM_RETRIES: '0',
		FEEDBACK_POLL_MS: '100',
		FEEDBACK_AI_RETRY_MS: '200'
	});
	db = openDatabase(server.dbPath);
});

test.afterAll(async () => {
	db?.$client.close();
	await server?.stop();
	await fake?.close();
});

/** A fresh browser context (own cookies) on the journey's server. */
async function newPage(browser: Browser): Promise<Page> {
	const context = await browser.newContext({
		baseURL: server.url,
		viewport: { width: 1280, height: 900 }
	});
	return context.newPage();
}

for (const locale of ['zh-CN', 'en'] as const) {
	test(`a newcomer's journey (${locale})`, async ({ browser }) => {
		test.setTimeout(300_000);
		const t = (key: string, inputs: object = {}) => messages[key](inputs, { locale });
		const p = (path: string) => (locale === 'en' ? `/en${path === '/' ? '' : path}` : path);
		const shot = (page: Page, name: string) => journeyShot(page, locale, name);
		const stamp = `${locale}-${Date.now().toString(36)}`;
		const quiz = parse(readFileSync(`cases/quizzes/${QUIZ}/${locale}.yaml`, 'utf8')) as QuizData;

		// A visitor reads a module and a case.
		const visitor = await newPage(browser);
		await visitor.goto(p('/'));
		await expect(visitor.getByRole('heading', { level: 1, name: t('home_title') })).toBeVisible();
		await shot(visitor, '01-home');
		await visitor.goto(p(`/modules/${MODULE}`));
		await expect(visitor.getByRole('heading', { level: 1 })).toBeVisible();
		await shot(visitor, '02-module');
		await visitor.goto(p(`/cases/${CASE}`));
		const caseTitle = (await visitor.getByRole('heading', { level: 1 }).textContent())!.trim();
		expect(caseTitle.length).toBeGreaterThan(5);
		await shot(visitor, '03-case');
		await visitor.context().close();

		// An instructor signs in and creates a cohort.
		const instructorUser = await makeUser(db, { role: 'instructor', locale });
		const instructor = await newPage(browser);
		await signInWithForm(instructor, instructorUser.email);
		await instructor.goto(p('/cohorts'));
		const cohortName = `Journey ${stamp}`;
		await instructor.getByLabel(t('cohort_name')).fill(cohortName);
		await instructor.getByLabel(t('cohort_start')).fill('2026-09-01');
		await instructor.getByLabel(t('cohort_end')).fill('2099-01-31');
		await instructor.getByRole('button', { name: t('cohort_create_submit') }).click();
		await expect(instructor.getByRole('heading', { level: 1, name: cohortName })).toBeVisible();
		const registerLink = await instructor.getByLabel(t('cohort_invite_link')).inputValue();

		// A learner registers with the cohort's link (its invite code filled in).
		const learner = await newPage(browser);
		await learner.goto(registerLink);
		await expect(learner.getByLabel(t('cohort_invite_code_optional'))).not.toHaveValue('');
		const learnerName = `Learner ${stamp}`;
		await learner.getByLabel(t('register_display_name')).fill(learnerName);
		await learner.getByLabel(t('register_email')).fill(`${stamp}@example.test`);
		await learner
			.getByLabel(t('register_password'), { exact: true })
			.fill('a good long passphrase');
		await learner.getByRole('button', { name: t('register_submit') }).click();
		await expect(learner.getByRole('link', { name: t('nav_login') })).toHaveCount(0);

		// … bookmarks the case …
		await learner.goto(p(`/cases/${CASE}`));
		const bookmark = learner.getByRole('button', { name: new RegExp(t('content_bookmark')) });
		await bookmark.click();
		await expect(bookmark).toHaveAttribute('aria-pressed', 'true');

		// … takes its quiz (module 8, which the case belongs to) …
		await learner.goto(p(`/quizzes/${QUIZ}`));
		await learner.getByRole('button', { name: t('quiz_start') }).click();
		await expect(learner).toHaveURL(/\/quizzes\/module-08\/attempts\/\d+$/);
		for (const q of quiz.questions)
			for (const o of q.options.filter((x) => x.correct))
				await learner.locator(`input[name="q.${q.id}"][value="${o.id}"]`).check();
		await learner.getByRole('button', { name: t('quiz_submit'), exact: true }).click();
		await expect(learner.getByTestId('result-summary')).toBeVisible();
		await expect(learner.getByTestId('score-badge')).toContainText('100');
		await shot(learner, '04-quiz-result');

		// … does a lab …
		await learner.goto(p(`/labs/${LAB}`));
		const lab = learner.getByTestId('capacity-form');
		for (const [id, value] of Object.entries(LAB_VALUES)) await lab.locator(`#q-${id}`).fill(value);
		await lab.locator('input[type="radio"][value="no"]').check();
		await lab.getByRole('button', { name: t('labs_check') }).click();
		await expect(learner).toHaveURL(new RegExp(`/labs/${LAB}/attempts/\\d+$`));
		await expect(learner.getByTestId('lab-score')).toBeVisible();
		await shot(learner, '05-lab-result');

		// … writes and submits a design answer. The provider fails first: the offline check answers at
		// once; the AI is tried again and its feedback follows, held back until the offline one is seen.
		let release!: () => void;
		const gate = new Promise<void>((r) => (release = r));
		fake.enqueue(replies.status(500, { error: { message: 'provider down' } }), async (req, res) => {
			await gate;
			await replies.content(modelReview(locale))(req, res);
		});
		await learner.goto(p(`/exercises/${EXERCISE}`));
		await expect(learner.getByTestId('provider-notice')).toContainText('Fake Provider Inc.');
		await learner.getByLabel(t('exercises_answer_label')).fill(ANSWER[locale]);
		await expect(learner.getByTestId('draft-status')).toHaveAttribute('data-status', 'saved');
		await expect(learner.getByTestId('answer-preview').getByRole('heading').first()).toBeVisible();
		await learner.getByTestId('answer-preview').scrollIntoViewIfNeeded();
		await shot(learner, '06-exercise-editor');
		await learner.getByRole('button', { name: t('exercises_submit') }).click();
		await expect(learner).toHaveURL(/\/submissions\/\d+$/);
		const submissionUrl = new URL(learner.url()).pathname;
		const source = learner.getByTestId('feedback-source');
		await expect(source).toHaveAttribute('data-source', 'offline', { timeout: 30_000 });
		await expect(learner.getByTestId('criterion-card')).toHaveCount(rubric.criteria.length);
		await shot(learner, '07-feedback-offline');
		release();
		// The AI is tried again shortly (FEEDBACK_AI_RETRY_MS): wait for its feedback in the database,
		// then the page shows it.
		const submissionId = Number(submissionUrl.split('/').pop());
		await expect
			.poll(
				() =>
					db
						.select({ id: feedback.id })
						.from(feedback)
						.where(and(eq(feedback.submissionId, submissionId), eq(feedback.source, 'model')))
						.all().length,
				{ timeout: 60_000 }
			)
			.toBe(1);
		await learner.reload();
		await expect(source).toHaveAttribute('data-source', 'model');
		await expect(learner.getByTestId('criterion-card')).toHaveCount(rubric.criteria.length);
		await shot(learner, '08-feedback-ai');

		// … and asks a question.
		const questionTitle = `${locale === 'en' ? 'When should the breaker open' : '熔断器什么时候打开'} ${stamp}`;
		await learner.goto(p('/questions/ask'));
		await learner.getByLabel(t('forum_field_title')).fill(questionTitle);
		await learner
			.getByLabel(t('forum_field_body'), { exact: true })
			.fill(
				locale === 'en'
					? 'The bank case opened its **circuit breaker** within minutes. How is the window chosen?'
					: '银行案例几分钟内就打开了**熔断器**。统计窗口该怎么选？'
			);
		await learner.locator('#field-module').selectOption('module:8');
		await learner.getByRole('button', { name: t('forum_ask_submit') }).click();
		await expect(learner.getByRole('heading', { level: 1, name: questionTitle })).toBeVisible();
		const threadPath = new URL(learner.url()).pathname;

		// The instructor answers it and promotes it to the FAQ …
		await instructor.goto(threadPath);
		const answerText =
			locale === 'en'
				? 'Size the window from the traffic: at least 20 calls, and a longer window at night.'
				: '按流量定窗口：至少 20 次调用，夜间流量低时用更长的窗口。';
		await instructor.getByRole('textbox', { name: t('forum_your_answer') }).fill(answerText);
		await instructor.getByRole('button', { name: t('forum_answer_submit') }).click();
		await expect(instructor.getByTestId('answer').filter({ hasText: answerText })).toBeVisible();
		await expect(instructor.getByRole('textbox', { name: t('forum_your_answer') })).toHaveValue('');
		await instructor.evaluate(() => window.scrollTo(0, 0));
		await shot(instructor, '09-question');
		await instructor.getByRole('link', { name: t('forum_promote') }).click();
		await instructor.getByRole('button', { name: t('forum_promote_submit') }).click();
		await expect(instructor.getByRole('heading', { level: 1, name: questionTitle })).toBeVisible();

		// … then grades the submission and releases the grade.
		await instructor.goto(p('/instructor/grading'));
		await instructor
			.getByTestId('queue-row')
			.getByRole('link', { name: learnerName })
			.first()
			.click();
		await expect(instructor.getByTestId('grade-form')).toBeVisible();
		for (const c of rubric.criteria)
			await instructor.getByTestId(`criterion-${c.id}`).getByRole('radio').last().check();
		const max = rubric.criteria.reduce((s, c) => s + Math.max(...c.levels.map((l) => l.points)), 0);
		await expect(instructor.getByTestId('grade-summary')).toContainText(`${max} / ${max}`);
		// Framed from the top (checking the last radios scrolled the page down to the last
		// criterion): the answer with its highlighted evidence beside the rubric form.
		await instructor.evaluate(() => window.scrollTo(0, 0));
		await expect(instructor.getByTestId('answer-text').locator('mark').first()).toBeInViewport();
		await expect(
			instructor.getByTestId(`criterion-${rubric.criteria[0].id}`).getByRole('radio').first()
		).toBeInViewport();
		await shot(instructor, '10-grading');
		await instructor.getByRole('button', { name: t('grading_release'), exact: true }).click();
		await expect(instructor.getByText(t('grading_saved_released'))).toBeVisible();
		await instructor.goto(p('/instructor/gradebook'));
		await expect(instructor.getByText(learnerName).first()).toBeVisible();
		await shot(instructor, '11-gradebook');
		await instructor.context().close();

		// The learner sees the grade, the notification and the FAQ entry.
		await learner.goto(submissionUrl);
		await expect(learner.getByTestId('released-grade')).toContainText(`${max}`);
		await learner.goto(p('/notifications'));
		await expect(
			learner
				.getByTestId('notification')
				.filter({ hasText: t('grading_notif_released', { points: max, max }) })
		).toBeVisible();
		await learner.goto(p('/'));
		await expect(learner.getByTestId('home-grades')).toContainText(`${max}`);
		await shot(learner, '12-learner-home');
		await learner.goto(p('/faq'));
		const faqEntry = learner
			.getByTestId('faq-group')
			.getByRole('listitem')
			.filter({ hasText: stamp });
		await expect(faqEntry).toBeVisible();
		await faqEntry.scrollIntoViewIfNeeded();
		await shot(learner, '13-faq');
		await learner.context().close();

		// An admin makes a backup.
		const adminUser = await makeUser(db, { role: 'admin', locale });
		const admin = await newPage(browser);
		await signInWithForm(admin, adminUser.email);
		await admin.goto(p('/admin/backups'));
		await admin.getByRole('button', { name: t('ops_backup_create') }).click();
		const created = t('ops_backup_created', { name: '|' }).split('|');
		await expect(admin.getByRole('status')).toContainText(created[1].trim());
		await expect(admin.getByTestId('backup-row').first()).toBeVisible();
		await shot(admin, '14-admin-backups');
		await admin.context().close();

		/** Signs in through the login form (the journey's way), in the test's language. */
		async function signInWithForm(page: Page, email: string) {
			await page.goto(p('/login'));
			await page.getByLabel(t('login_email')).fill(email);
			await page.getByLabel(t('login_password')).fill(FACTORY_PASSWORD);
			await page.getByRole('button', { name: t('login_submit') }).click();
			await expect(page.getByRole('link', { name: t('nav_login') })).toHaveCount(0);
		}
	});
}
