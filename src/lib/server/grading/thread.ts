import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import { immediate, type Db } from '../db';
import {
	cohortMembers,
	cohorts,
	grades,
	submissionComments,
	submissions,
	users,
	type SubmissionCommentKind
} from '../db/schema';
import { audit } from '../audit';
import { hasRole } from '../auth/guard';
import { notify } from '../notifications';
import { gradesLearner, type Staff } from './scope';

/** Longest comment or regrade reason accepted, in characters. */
export const THREAD_MAX_CHARS = 4000;

/**
 * A comment repeating the thread's last comment (same author, same text) within this many ms is
 * the same post sent twice (a double click, a resent form), not a new one.
 */
export const THREAD_DOUBLE_POST_MS = 60_000;

/** Why a thread action was refused. */
export class ThreadError extends Error {
	constructor(
		public readonly code: 'not_found' | 'not_released' | 'already_requested' | 'not_owner'
	) {
		super(code);
		this.name = 'ThreadError';
	}
}

export type ThreadComment = {
	id: number;
	kind: SubmissionCommentKind;
	body: string;
	createdAt: Date;
	authorId: number | null;
	authorName: string | null;
	/** True when the author is staff (instructor or admin). */
	byStaff: boolean;
};

/** Who may read and write the private thread of a submission: its learner, or staff who grade them. */
export function canUseThread(db: Db, viewer: Staff, submissionId: number): boolean {
	const sub = db
		.select({ userId: submissions.userId })
		.from(submissions)
		.where(eq(submissions.id, submissionId))
		.get();
	if (!sub) return false;
	return sub.userId === viewer.id || gradesLearner(db, viewer, sub.userId);
}

/** The private thread of a submission, oldest first (no access check: see {@link canUseThread}). */
export function listThread(db: Db, submissionId: number): ThreadComment[] {
	return db
		.select({
			id: submissionComments.id,
			kind: submissionComments.kind,
			body: submissionComments.body,
			createdAt: submissionComments.createdAt,
			authorId: submissionComments.authorId,
			authorName: users.displayName,
			role: users.role
		})
		.from(submissionComments)
		.leftJoin(users, eq(users.id, submissionComments.authorId))
		.where(eq(submissionComments.submissionId, submissionId))
		.orderBy(asc(submissionComments.id))
		.all()
		.map(({ role, ...c }) => ({ ...c, byStaff: role ? hasRole(role, 'instructor') : false }));
}

/**
 * The staff to tell about a learner's comment or regrade request: owners of the learner's cohorts,
 * whoever last saved the grade and staff who already wrote in the thread — minus `except`.
 */
export function threadStaff(db: Db, submissionId: number, except: number): number[] {
	const sub = db
		.select({ userId: submissions.userId })
		.from(submissions)
		.where(eq(submissions.id, submissionId))
		.get();
	if (!sub) return [];
	const ids = new Set<number>();
	for (const r of db
		.select({ id: cohorts.ownerId })
		.from(cohortMembers)
		.innerJoin(cohorts, eq(cohorts.id, cohortMembers.cohortId))
		.where(eq(cohortMembers.userId, sub.userId))
		.all())
		ids.add(r.id);
	const g = db
		.select({ by: grades.updatedBy })
		.from(grades)
		.where(eq(grades.submissionId, submissionId))
		.get();
	if (g?.by) ids.add(g.by);
	for (const r of db
		.select({ id: submissionComments.authorId })
		.from(submissionComments)
		.where(
			and(eq(submissionComments.submissionId, submissionId), isNotNull(submissionComments.authorId))
		)
		.all())
		if (r.id) ids.add(r.id);
	ids.delete(except);
	ids.delete(sub.userId);
	if (ids.size === 0) return [];
	return db
		.select({ id: users.id, role: users.role })
		.from(users)
		.where(inArray(users.id, [...ids]))
		.all()
		.filter((u) => hasRole(u.role, 'instructor'))
		.map((u) => u.id)
		.sort((a, b) => a - b);
}

/**
 * Adds a comment to the private thread of a submission, by its learner or by staff who grade them,
 * and tells the other side (`submission_comment`: the learner when staff write; the submission's
 * staff, see {@link threadStaff}, when the learner writes). `body` is Markdown, trimmed, at most
 * {@link THREAD_MAX_CHARS} characters (the caller validates the length). The same text posted
 * again by the same author right after (see {@link THREAD_DOUBLE_POST_MS}) is not stored twice:
 * the earlier comment's id is returned and nobody is notified again.
 * @throws ThreadError `not_found` when `author` may not use this thread (or it does not exist).
 */
export function addThreadComment(
	db: Db,
	author: Staff,
	submissionId: number,
	body: string,
	now: Date = new Date()
): ThreadComment['id'] {
	return immediate(db, (tx) => {
		const sub = tx
			.select({ userId: submissions.userId })
			.from(submissions)
			.where(eq(submissions.id, submissionId))
			.get();
		if (!sub || !canUseThread(tx, author, submissionId)) throw new ThreadError('not_found');
		const text = body.trim();
		const last = tx
			.select()
			.from(submissionComments)
			.where(eq(submissionComments.submissionId, submissionId))
			.orderBy(desc(submissionComments.id))
			.limit(1)
			.get();
		if (
			last &&
			last.kind === 'comment' &&
			last.authorId === author.id &&
			last.body === text &&
			Math.abs(now.getTime() - last.createdAt.getTime()) < THREAD_DOUBLE_POST_MS
		)
			return last.id;
		const row = tx
			.insert(submissionComments)
			.values({ submissionId, authorId: author.id, kind: 'comment', body: text, createdAt: now })
			.returning({ id: submissionComments.id })
			.get();
		const recipients =
			sub.userId === author.id ? threadStaff(tx, submissionId, author.id) : [sub.userId];
		for (const id of recipients)
			notify(tx, id, 'submission_comment', {
				submissionId,
				commentId: row.id,
				toStaff: sub.userId === author.id
			});
		return row.id;
	});
}

/**
 * The learner asks for their released grade to be looked at again, with a reason: the reason is
 * posted in the thread (kind `regrade_request`), the grade goes back into the grading queue
 * ("regrade requested") until it is released again, staff are notified (`regrade_requested`), and
 * the request is audited (`grade.regrade_request`).
 * @throws ThreadError `not_owner` (not the learner's submission, or missing), `not_released` (no
 *   released grade yet), `already_requested` (a request is open).
 */
export function requestRegrade(
	db: Db,
	learnerId: number,
	submissionId: number,
	reason: string
): void {
	immediate(db, (tx) => {
		const sub = tx
			.select({ userId: submissions.userId })
			.from(submissions)
			.where(eq(submissions.id, submissionId))
			.get();
		if (!sub || sub.userId !== learnerId) throw new ThreadError('not_owner');
		const g = tx.select().from(grades).where(eq(grades.submissionId, submissionId)).get();
		if (!g?.releasedAt) throw new ThreadError('not_released');
		if (g.regradeRequestedAt) throw new ThreadError('already_requested');
		const now = new Date();
		tx.update(grades)
			.set({ regradeRequestedAt: now })
			.where(eq(grades.submissionId, submissionId))
			.run();
		const row = tx
			.insert(submissionComments)
			.values({
				submissionId,
				authorId: learnerId,
				kind: 'regrade_request',
				body: reason.trim(),
				createdAt: now
			})
			.returning({ id: submissionComments.id })
			.get();
		audit(tx, {
			actorId: learnerId,
			action: 'grade.regrade_request',
			targetType: 'submission',
			targetId: submissionId,
			before: { regradeRequested: false },
			after: { regradeRequested: true },
			reason
		});
		for (const id of threadStaff(tx, submissionId, learnerId))
			notify(tx, id, 'regrade_requested', { submissionId, commentId: row.id });
	});
}

/** True while the learner's regrade request on this submission is open. */
export function regradeOpen(db: Db, submissionId: number): boolean {
	return !!db
		.select({ at: grades.regradeRequestedAt })
		.from(grades)
		.where(eq(grades.submissionId, submissionId))
		.get()?.at;
}
