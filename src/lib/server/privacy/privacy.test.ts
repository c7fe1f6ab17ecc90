import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { eq } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import { makeSession, makeUser } from '../../../../tests/support/factories';
import { createCohort, joinCohortByCode, removeCohortMember } from '../cohorts';
import { notify } from '../notifications';
import { changeUserRole } from '../auth/admin-users';
import { insertFeedback } from '../feedback/store';
import { submitAnswer } from '../feedback';
import {
	auditLog,
	cohortMembers,
	contentBookmarks,
	contentItems,
	contentLocales,
	contentReads,
	submissions,
	llmCalls,
	cohorts,
	notifications,
	sessions,
	users,
	type User
} from '../db/schema';
import {
	buildExport,
	cancelAccountDeletion,
	deleteAccount,
	getDeletionRequest,
	listDeletionRequests,
	md,
	registerDeletionHook,
	registerExportSource,
	requestAccountDeletion
} from './index';

let t: ReturnType<typeof createTestDb>;
beforeEach(() => (t = createTestDb()));
afterEach(() => t.cleanup());

/** A content item with an English and a Chinese title, as the content sync would write it. */
function addItem(id: string, kind: string, en: string, zh: string) {
	t.db
		.insert(contentItems)
		.values({
			id,
			kind,
			slug: id,
			path: `/${kind}s/${id}`,
			sourceDir: id,
			sortKey: id,
			contentHash: 'c',
			scoringHash: 's'
		})
		.run();
	for (const [locale, title] of [
		['en', en],
		['zh-CN', zh]
	] as const)
		t.db.insert(contentLocales).values({ itemId: id, locale, title, html: '', metadata: {} }).run();
}

const term = { startDate: '2026-01-01', endDate: '2099-12-31', timeZone: 'Asia/Shanghai' };

/** The zip as { path without the root folder: text }. */
function unzip(user: User, locale: 'en' | 'zh-CN' = 'en'): Record<string, string> {
	const files = unzipSync(buildExport(t.db, user, { locale, now: new Date(Date.UTC(2026, 4, 1)) }));
	return Object.fromEntries(
		Object.entries(files).map(([k, v]) => [
			k.replace(/^casebook-export-2026-05-01\//, ''),
			strFromU8(v)
		])
	);
}

describe('data export', () => {
	it('holds the profile, cohorts, notifications, sessions and history as Markdown and JSON', async () => {
		const owner = await makeUser(t.db, { role: 'instructor', displayName: 'Ms Owner' });
		const cohort = createCohort(t.db, owner, { name: 'Spring *2026*', ...term });
		const learner = await makeUser(t.db, { displayName: 'Lea <b>Learner</b>' });
		joinCohortByCode(t.db, learner, cohort.inviteCode);
		notify(t.db, learner.id, 'password_reset', {});
		makeSession(t.db, learner.id);
		const admin = await makeUser(t.db, { role: 'admin' });
		changeUserRole(t.db, admin.id, learner.id, 'instructor');
		const other = await makeUser(t.db, { displayName: 'Someone Else' });

		const files = unzip(learner);
		expect(Object.keys(files).sort()).toEqual(
			[
				'README.md',
				'account-history.json',
				'account-history.md',
				'cohorts.json',
				'cohorts.md',
				'notifications.json',
				'notifications.md',
				'profile.json',
				'profile.md',
				'sessions.json',
				'sessions.md'
			].sort()
		);
		const profile = JSON.parse(files['profile.json']);
		expect(profile).toMatchObject({ id: learner.id, email: learner.email, role: 'learner' });
		expect(files['profile.md']).toContain('Lea \\<b\\>Learner\\</b\\>'); // escaped, not HTML
		expect(JSON.parse(files['cohorts.json']).member).toEqual([
			expect.objectContaining({ id: cohort.id, name: 'Spring *2026*', startDate: '2026-01-01' })
		]);
		expect(files['cohorts.md']).toContain('Spring \\*2026\\*');
		// Notifications are rendered in the export's language; the role change notified them too.
		const notes = JSON.parse(files['notifications.json']);
		expect(notes).toHaveLength(2);
		expect(notes.map((n: { text: string }) => n.text).join(' ')).toMatch(/password/i);
		const sess = JSON.parse(files['sessions.json']);
		expect(sess).toHaveLength(1);
		expect(Object.keys(sess[0]).sort()).toEqual(['createdAt', 'expiresAt', 'ip', 'userAgent']);
		const history = JSON.parse(files['account-history.json']);
		expect(history.map((h: { action: string }) => h.action)).toContain('user.role_change');
		expect(JSON.stringify(history)).not.toContain(admin.email);
		expect(files['README.md']).toContain('Lea \\<b\\>Learner\\</b\\>');
		// Nothing of anyone else.
		const all = Object.values(files).join('\n');
		expect(all).not.toContain(other.email);
		expect(all).not.toContain(owner.email);
		expect(all).not.toContain('passwordHash');
		expect(all).not.toContain(cohort.inviteCode);
	});

	it('holds bookmarks, read marks and every submission with its feedback', async () => {
		const learner = await makeUser(t.db);
		const other = await makeUser(t.db);
		addItem('case-bank', 'case', 'Bank *support*', '银行客服');
		addItem('ex-gateway', 'exercise', 'Gateway design', '网关设计');
		t.db.insert(contentBookmarks).values({ userId: learner.id, itemId: 'case-bank' }).run();
		t.db.insert(contentReads).values({ userId: learner.id, itemId: 'case-bank' }).run();
		const sub = submitAnswer(t.db, {
			userId: learner.id,
			itemId: 'ex-gateway',
			itemVersion: 1,
			locale: 'en',
			answer: '# My design\n\nA gateway with **OAuth** and retries.',
			idempotencyKey: 'export-key-12345678'
		});
		const theirs = submitAnswer(t.db, {
			userId: other.id,
			itemId: 'ex-gateway',
			itemVersion: 1,
			locale: 'en',
			answer: 'Somebody else entirely',
			idempotencyKey: 'export-key-87654321'
		});
		insertFeedback(t.db, sub.submissionId, sub.jobId, {
			source: 'offline',
			offlineReason: 'no_provider',
			model: null,
			promptVersion: null,
			rubricId: 'ex-gateway',
			rubricVersion: 1,
			rubricHash: 'h'.repeat(64),
			locale: 'en',
			totalPoints: 3,
			maxPoints: 10,
			summary: 'Offline rubric check',
			criteria: [
				{
					criterionId: 'security',
					level: 1,
					points: 3,
					maxPoints: 10,
					evidence: ['OAuth'],
					missing: ['data masking'],
					covered: ['oauth'],
					suggestion: 'Mask personal data.',
					verified: true
				}
			]
		});

		const files = unzip(learner);
		const reading = JSON.parse(files['reading.json']);
		expect(reading.bookmarks).toEqual([
			expect.objectContaining({ itemId: 'case-bank', title: 'Bank *support*' })
		]);
		expect(reading.read).toHaveLength(1);
		expect(files['reading.md']).toContain('Bank \\*support\\*');
		const subs = JSON.parse(files['submissions.json']);
		expect(subs).toHaveLength(1);
		expect(subs[0]).toMatchObject({
			id: sub.submissionId,
			title: 'Gateway design',
			answer: '# My design\n\nA gateway with **OAuth** and retries.',
			feedback: [{ source: 'offline', totalPoints: 3, maxPoints: 10 }]
		});
		const file = `submissions/${sub.submissionId}-ex-gateway.md`;
		expect(files['submissions.md']).toContain(`(${file})`);
		expect(files[file]).toContain('A gateway with **OAuth** and retries.');
		expect(files[file]).toContain('Points (provisional): 3 of 10');
		expect(files[file]).toContain('Mask personal data.');
		expect(Object.values(files).join('\n')).not.toContain('Somebody else entirely');
		expect(theirs.submissionId).not.toBe(sub.submissionId);
	});

	it('writes the Markdown in the requested language and leaves out empty parts', async () => {
		const learner = await makeUser(t.db);
		const files = unzip(learner, 'zh-CN');
		expect(files['README.md']).toMatch(/^# 你在 Casebook 的数据/);
		expect(files['profile.md']).toMatch(/^# 个人资料/);
		expect(files['cohorts.json']).toBeUndefined();
		expect(files['notifications.json']).toBeUndefined();
	});

	it('takes parts from registered sources; a failing source is named, not fatal', async () => {
		const learner = await makeUser(t.db);
		registerExportSource('zz-submissions', (_db, user, ctx) => ({
			title: 'Submissions',
			json: [{ userId: user.id, locale: ctx.locale }],
			markdown: '# Submissions',
			files: { '../1 answer.md': '# Answer one' }
		}));
		registerExportSource('zz-broken', () => {
			throw new Error('table missing');
		});
		try {
			const files = unzip(learner);
			expect(JSON.parse(files['zz-submissions.json'])).toEqual([
				{ userId: learner.id, locale: 'en' }
			]);
			expect(files['zz-submissions/1-answer.md']).toBe('# Answer one');
			expect(files['README.md']).toContain('[Submissions](zz-submissions.md)');
			expect(files['README.md']).toContain('zz-broken');
			expect(() => registerExportSource('../evil', () => null)).toThrow(/file-safe/);
		} finally {
			registerExportSource('zz-submissions', () => null);
			registerExportSource('zz-broken', () => null);
		}
	});

	it('escapes Markdown and HTML in user-written text', () => {
		expect(md('a *b* _c_ [d](e) <script> | `x`')).toBe(
			'a \\*b\\* \\_c\\_ \\[d\\](e) \\<script\\> \\| \\`x\\`'
		);
		expect(md('two\nlines')).toBe('two lines');
	});
});

describe('account deletion', () => {
	it('records a request (audited, admins notified without the name) and lets the user withdraw it', async () => {
		const admin = await makeUser(t.db, { role: 'admin' });
		const learner = await makeUser(t.db, { displayName: 'Quiet Learner' });
		expect(requestAccountDeletion(t.db, learner.id, '  moving on  ')).toBe(true);
		expect(requestAccountDeletion(t.db, learner.id, 'again')).toBe(false);
		expect(getDeletionRequest(t.db, learner.id)?.reason).toBe('moving on');
		expect(listDeletionRequests(t.db)).toEqual([
			expect.objectContaining({ userId: learner.id, displayName: 'Quiet Learner', ownedCohorts: 0 })
		]);
		const note = t.db.select().from(notifications).where(eq(notifications.userId, admin.id)).get();
		expect(note?.kind).toBe('deletion_requested');
		expect(note?.payload).not.toContain('Quiet');
		expect(cancelAccountDeletion(t.db, learner.id)).toBe(true);
		expect(cancelAccountDeletion(t.db, learner.id)).toBe(false);
		const actions = t.db
			.select({ a: auditLog.action })
			.from(auditLog)
			.where(eq(auditLog.actorId, learner.id))
			.all()
			.map((r) => r.a);
		expect(actions).toEqual(['account.deletion_request', 'account.deletion_cancel']);
	});

	it('deletes only on a pending request, never oneself or the last admin', async () => {
		const admin = await makeUser(t.db, { role: 'admin' });
		const learner = await makeUser(t.db);
		expect(deleteAccount(t.db, admin.id, learner.id)).toEqual({ ok: false, reason: 'no_request' });
		expect(deleteAccount(t.db, admin.id, 99_999)).toEqual({ ok: false, reason: 'not_found' });
		requestAccountDeletion(t.db, admin.id, null);
		expect(deleteAccount(t.db, admin.id, admin.id)).toEqual({ ok: false, reason: 'self' });
		const second = await makeUser(t.db, { role: 'admin' });
		t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, second.id)).run();
		expect(deleteAccount(t.db, second.id, admin.id)).toEqual({ ok: false, reason: 'last_admin' });
		expect(t.db.select().from(users).where(eq(users.id, admin.id)).get()).toBeDefined();
	});

	it('deletes the account and its data, hands its cohorts to the admin, forgets its name elsewhere', async () => {
		const admin = await makeUser(t.db, { role: 'admin' });
		const instructor = await makeUser(t.db, {
			role: 'instructor',
			displayName: 'Doomed Teacher',
			email: 'doomed.teacher@example.test'
		});
		const own = createCohort(t.db, instructor, { name: 'Taught by Doomed', ...term });
		const other = await makeUser(t.db, { role: 'instructor' });
		const theirs = createCohort(t.db, other, { name: 'Another', ...term });
		joinCohortByCode(t.db, instructor, theirs.inviteCode); // owner gets "Doomed Teacher joined"
		removeCohortMember(t.db, other, theirs.id, instructor.id); // audit row carries name and email
		joinCohortByCode(t.db, instructor, theirs.inviteCode);
		makeSession(t.db, instructor.id);
		const sub = submitAnswer(t.db, {
			userId: instructor.id,
			itemId: 'ex-any',
			itemVersion: 1,
			locale: 'en',
			answer: 'to be deleted with the account',
			idempotencyKey: 'deletion-key-1234567'
		});
		t.db
			.insert(llmCalls)
			.values({
				jobId: sub.jobId,
				userId: instructor.id,
				purpose: 'feedback',
				model: 'm',
				promptVersion: 'v1',
				latencyMs: 1,
				outcome: 'ok'
			})
			.run();
		requestAccountDeletion(t.db, instructor.id, null);

		const hookSaw: number[] = [];
		registerDeletionHook('test-forum', (tx, user) => {
			// Runs before the row goes: the user is still there to anonymise against.
			expect(tx.select().from(users).where(eq(users.id, user.id)).get()).toBeDefined();
			hookSaw.push(user.id);
		});
		try {
			const done = deleteAccount(t.db, admin.id, instructor.id);
			expect(done).toEqual({
				ok: true,
				displayName: 'Doomed Teacher',
				cohortsReassigned: [own.id]
			});
		} finally {
			registerDeletionHook('test-forum', () => {});
		}
		expect(hookSaw).toEqual([instructor.id]);
		expect(t.db.select().from(users).where(eq(users.id, instructor.id)).get()).toBeUndefined();
		expect(t.db.select().from(sessions).where(eq(sessions.userId, instructor.id)).all()).toEqual(
			[]
		);
		expect(
			t.db.select().from(cohortMembers).where(eq(cohortMembers.userId, instructor.id)).all()
		).toEqual([]);
		expect(t.db.select().from(cohorts).where(eq(cohorts.id, own.id)).get()?.ownerId).toBe(admin.id);
		expect(getDeletionRequest(t.db, instructor.id)).toBeUndefined();
		// Submissions go with the account; the accounting row stays, without the user.
		expect(
			t.db.select().from(submissions).where(eq(submissions.id, sub.submissionId)).all()
		).toEqual([]);
		expect(t.db.select({ u: llmCalls.userId }).from(llmCalls).all()).toEqual([{ u: null }]);

		// No copy of the name or email is left in the audit log or in others' notifications.
		const auditText = JSON.stringify(t.db.select().from(auditLog).all());
		expect(auditText).not.toContain('doomed.teacher@example.test');
		expect(auditText).not.toContain('Doomed Teacher');
		const notesText = JSON.stringify(t.db.select().from(notifications).all());
		expect(notesText).not.toContain('Doomed Teacher');

		const row = t.db.select().from(auditLog).where(eq(auditLog.action, 'user.delete')).get()!;
		expect(row).toMatchObject({
			actorId: admin.id,
			targetType: 'user',
			targetId: String(instructor.id)
		});
		expect(JSON.parse(row.before!)).toMatchObject({ role: 'instructor' });
		expect(JSON.parse(row.after!).cohortsReassigned).toEqual([own.id]);
	});

	it('changes nothing when a deletion hook fails (one transaction)', async () => {
		const admin = await makeUser(t.db, { role: 'admin' });
		const learner = await makeUser(t.db);
		requestAccountDeletion(t.db, learner.id, null);
		registerDeletionHook('test-failing', () => {
			throw new Error('cannot anonymise');
		});
		try {
			expect(() => deleteAccount(t.db, admin.id, learner.id)).toThrow(/cannot anonymise/);
		} finally {
			registerDeletionHook('test-failing', () => {});
		}
		expect(t.db.select().from(users).where(eq(users.id, learner.id)).get()).toBeDefined();
		expect(getDeletionRequest(t.db, learner.id)).toBeDefined();
		expect(t.db.select().from(auditLog).where(eq(auditLog.action, 'user.delete')).all()).toEqual(
			[]
		);
	});
});
