import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, postForm } from '../support/http';
import { signedIn } from '../support/factories';
import { makeContentDir } from '../support/content';
import { writeExercise } from '../support/exercise-content';
import { startBuiltServer, type RunningServer } from '../support/server';
import { openDatabase, type Db } from '../../src/lib/server/db';
import { exerciseDrafts, submissions } from '../../src/lib/server/db/schema';
import { saveDraft, submitExercise } from '../../src/lib/server/exercises';
import { updateSettings } from '../../src/lib/server/settings';

// Archive mode is site-wide, so this file runs its own server (with one small exercise).
const content = makeContentDir();
writeExercise(content.root, 'demo', { case: null });
let srv: RunningServer;
let db: Db;
beforeAll(async () => {
	srv = await startBuiltServer({ CONTENT_DIR: content.root, FEEDBACK_POLL_MS: '50' });
	db = openDatabase(srv.dbPath);
});
afterAll(async () => {
	db?.$client.close();
	await srv?.stop();
	content.cleanup();
});

const EN_REFUSED = 'The site is archived and read-only, so this change was not made.';
const ZH_REFUSED = '本站已归档，处于只读状态，因此未做此项更改。';
const count = () => ({
	drafts: db.select().from(exerciseDrafts).all().length,
	submissions: db.select().from(submissions).all().length
});

describe('design exercises in archive mode', () => {
	it('shows the work read-only and refuses saves and submits with the localised notice', async () => {
		const { cookie, user } = await signedIn(db);
		const first = submitExercise(db, {
			userId: user.id,
			itemId: 'exercise-demo',
			locale: 'en',
			answer: 'An API gateway with a circuit breaker.',
			idempotencyKey: 'archive-before-12345',
			pipelineMaxChars: 20_000
		});
		if (!first.ok) throw new Error(`fixture submission refused: ${first.reason}`);
		saveDraft(db, {
			userId: user.id,
			itemId: 'exercise-demo',
			body: 'A **revised** draft, never submitted.',
			editedAt: new Date()
		});
		const open = await (await get('/en/exercises/demo', { cookie, base: srv.url })).text();
		const key = /name="idempotencyKey" value="([^"]+)"/.exec(open)?.[1] ?? '';
		expect(key).not.toBe('');
		expect(open).not.toContain('data-testid="archived-notice"');

		updateSettings(db, { archiveMode: true }, { actorId: null });
		try {
			const before = count();
			// The page: the notice, the saved draft to read, no editor and no submit button.
			const page = await (await get('/en/exercises/demo', { cookie, base: srv.url })).text();
			expect(page).toContain('data-testid="archived-notice"');
			expect(page).toContain('answers can no longer be saved or submitted');
			expect(page).toContain('data-testid="archived-draft"');
			expect(page).toContain('<strong>revised</strong>');
			expect(page).not.toContain('data-testid="submit-answer"');
			expect(page).not.toContain('name="answer"');
			const zhPage = await (await get('/exercises/demo', { cookie, base: srv.url })).text();
			expect(zhPage).toContain('本站已归档为只读参考');

			// Form posts without JavaScript: an HTML page with the message, in the page's language.
			const submit = await postForm(
				'/en/exercises/demo?/submit',
				{ answer: 'Submitted while archived.', idempotencyKey: key },
				{ cookie, base: srv.url }
			);
			expect(submit.status).toBe(403);
			expect(await submit.text()).toContain(EN_REFUSED);
			const zhSave = await postForm(
				'/exercises/demo?/saveDraft',
				{ answer: 'Saved while archived.' },
				{ cookie, base: srv.url }
			);
			expect(zhSave.status).toBe(403);
			expect(await zhSave.text()).toContain(ZH_REFUSED);
			// The enhanced form gets an action result the page shows.
			const enhanced = await postForm(
				'/en/exercises/demo?/submit',
				{ answer: 'Submitted while archived.', idempotencyKey: key },
				{
					cookie,
					base: srv.url,
					headers: { accept: 'application/json', 'x-sveltekit-action': 'true' }
				}
			);
			expect(enhanced.status).toBe(403);
			expect(await enhanced.json()).toEqual({
				type: 'error',
				error: { message: expect.stringContaining(EN_REFUSED) }
			});
			// Autosave (JSON) is refused too.
			const autosave = await fetch(`${srv.url}/en/exercises/demo/draft`, {
				method: 'PUT',
				headers: {
					origin: srv.url,
					accept: 'application/json',
					'content-type': 'application/json',
					cookie
				},
				body: JSON.stringify({ body: 'Autosaved while archived.', editedAt: Date.now() })
			});
			expect(autosave.status).toBe(403);
			expect(await autosave.json()).toEqual({ message: expect.stringContaining(EN_REFUSED) });

			expect(count()).toEqual(before);
			const draft = db.select().from(exerciseDrafts).get();
			expect(draft?.body).toBe('A **revised** draft, never submitted.');

			// The submission stays readable, without an invitation to resubmit.
			const view = await get(`/en/submissions/${first.submissionId}`, { cookie, base: srv.url });
			expect(view.status).toBe(200);
			const html = await view.text();
			expect(html).toContain('An API gateway with a circuit breaker.');
			expect(html).not.toContain('Revise and resubmit');
		} finally {
			updateSettings(db, { archiveMode: false }, { actorId: null });
		}
		const reopened = await (
			await get(`/en/submissions/${first.submissionId}`, { cookie, base: srv.url })
		).text();
		expect(reopened).toContain('Revise and resubmit');
	});
});
