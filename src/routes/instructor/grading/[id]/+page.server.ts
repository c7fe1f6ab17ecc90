import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { requireRole } from '$lib/server/auth/guard';
import { getDb } from '$lib/server/db';
import { parseForm } from '$lib/server/forms';
import { renderMarkdown } from '$lib/server/markdown';
import {
	getExerciseById,
	getExtension,
	grantExtension,
	highlightEvidence,
	revokeExtension
} from '$lib/server/exercises';
import { dueInstant } from '$lib/server/exercises/deadline';
import {
	addThreadComment,
	consumeThreadComment,
	getGradingView,
	gradingRateLimited,
	gradableSubmissionOwner,
	GradingError,
	levelRange,
	listThread,
	queueNeighbours,
	saveGrade,
	THREAD_MAX_CHARS
} from '$lib/server/grading';
import { isLocalDateTime, localDateTimeAt, zonedTimeToInstant } from '$lib/server/time';
import { filterQuery, queueFilter } from '../filters';

function submissionId(params: { id: string }): number {
	const id = Number(params.id);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, m.error_not_found());
	return id;
}

/** Back to the grading view after an action, keeping the queue filter (not the action's name). */
function back(url: URL, id: number, hash: string, extra: Record<string, string> = {}): never {
	const q = new URLSearchParams(url.search);
	for (const k of [...q.keys()]) if (k.startsWith('/') || k === 'saved') q.delete(k);
	for (const [k, v] of Object.entries(extra)) q.set(k, v);
	const s = q.toString();
	redirect(303, localizeHref(`/instructor/grading/${id}${s ? `?${s}` : ''}${hash}`));
}

export const load: PageServerLoad = (event) => {
	const user = requireRole(event, 'instructor');
	const id = submissionId(event.params);
	const db = getDb();
	const locale = getLocale();
	const view = getGradingView(db, user, id);
	if (!view) error(404, m.error_not_found());
	const date = (d: Date) => formatDateTime(d, locale, user.timeZone);
	const filter = queueFilter(event.url.searchParams);
	const sub = view.submission;
	const exercise = getExerciseById(db, sub.itemId, locale);
	const fb = view.feedback;
	const rubric = view.rubric;
	const ext = getExtension(db, sub.userId, sub.itemId);
	const dueTz = exercise?.meta.due?.timeZone ?? user.timeZone;
	return {
		query: filterQuery(filter),
		neighbours: queueNeighbours(db, user, filter, id),
		submission: {
			id: sub.id,
			learnerName: sub.learnerName,
			createdAt: date(sub.createdAt),
			answerHtml: renderMarkdown(sub.answer),
			segments: highlightEvidence(
				sub.answer,
				(rubric?.criteria ?? []).map(
					(c) => fb?.criteria.find((x) => x.criterionId === c.id)?.evidence ?? []
				)
			)
		},
		exercise: exercise ? { title: exercise.title, path: exercise.path } : null,
		rules: view.rules,
		penaltyPercent: view.penaltyPercent,
		feedback: fb
			? { source: fb.source, model: fb.model, totalPoints: fb.totalPoints, summary: fb.summary }
			: null,
		criteria: (rubric?.criteria ?? []).map((c, i) => {
			const s = view.start[i];
			const f = fb?.criteria.find((x) => x.criterionId === c.id);
			return {
				id: c.id,
				title: c.title[locale],
				levels: [...c.levels]
					.sort((a, b) => a.level - b.level)
					.map((l) => ({
						level: l.level,
						points: l.points,
						descriptor: l.descriptor[locale],
						range: levelRange(c, l.level)!
					})),
				// Points shown only when adjusted within the level (empty = the level's own points).
				start: {
					...s,
					points:
						s.from === 'grade' && s.points !== c.levels.find((l) => l.level === s.level)?.points
							? s.points
							: null
				},
				verified: f?.verified ?? true,
				missing: f?.missing ?? [],
				suggestion: f?.suggestion ?? ''
			};
		}),
		maxPoints: view.grade?.maxPoints ?? null,
		grade: view.grade
			? {
					state: view.grade.state,
					comment: view.grade.comment,
					points: view.grade.points,
					updatedAt: date(view.grade.updatedAt),
					regradeRequested: view.grade.regradeRequestedAt !== null
				}
			: null,
		released: view.released
			? {
					points: view.released.points,
					max: view.released.maxPoints,
					at: date(view.released.releasedAt)
				}
			: null,
		thread: listThread(db, id).map((c) => ({
			...c,
			createdAt: date(c.createdAt),
			html: renderMarkdown(c.body)
		})),
		extension: {
			timeZone: dueTz,
			exerciseDue: exercise?.meta.due ? date(dueInstant(exercise.meta.due)!) : null,
			granted: ext
				? { dueAt: date(ext.dueAt), local: localDateTimeAt(ext.dueAt, dueTz), reason: ext.reason }
				: null
		},
		saved: event.url.searchParams.get('saved')
	};
};

const gradeSchema = z.object({
	intent: z.enum(['draft', 'release']),
	comment: z
		.string()
		.max(THREAD_MAX_CHARS, { error: () => m.grading_err_too_long() })
		.default(''),
	reason: z
		.string()
		.max(500, { error: () => m.grading_err_too_long() })
		.default('')
});
const commentSchema = z.object({
	body: z
		.string()
		.trim()
		.min(1, { error: () => m.grading_err_comment_empty() })
		.max(THREAD_MAX_CHARS, { error: () => m.grading_err_too_long() })
});
const extensionSchema = z.object({
	dueAt: z.string().refine(isLocalDateTime, { error: () => m.grading_err_due() }),
	reason: z
		.string()
		.max(500, { error: () => m.grading_err_too_long() })
		.default('')
});

const GRADE_ERRORS: Record<GradingError['code'], () => string> = {
	not_found: m.error_not_found,
	no_rubric: m.grading_err_no_rubric,
	missing_criterion: m.grading_err_missing_level,
	bad_level: m.grading_err_missing_level,
	points_out_of_range: m.grading_err_points_range,
	nothing_to_release: m.grading_err_select_some
};

export const actions: Actions = {
	save: async (event) => {
		const user = requireRole(event, 'instructor');
		const id = submissionId(event.params);
		const form = await event.request.formData();
		const p = parseForm(gradeSchema, form);
		if (!p.ok) return fail(400, { message: Object.values(p.errors)[0], errors: p.errors });
		const db = getDb();
		const view = getGradingView(db, user, id);
		if (!view?.rubric) error(404, m.error_not_found());
		const criteria = view.rubric.criteria.map((c) => {
			const level = form.get(`level-${c.id}`);
			const points = String(form.get(`points-${c.id}`) ?? '').trim();
			return {
				criterionId: c.id,
				level: level === null || level === '' ? Number.NaN : Number(level),
				points: points === '' ? null : Number(points),
				comment: String(form.get(`comment-${c.id}`) ?? '')
			};
		});
		// Refused rather than cut short: nothing the instructor wrote is silently lost.
		const long = criteria.find((c) => c.comment.length > THREAD_MAX_CHARS);
		if (long) {
			const title = view.rubric.criteria.find((c) => c.id === long.criterionId)!.title[getLocale()];
			return fail(400, {
				message: m.grading_err_criterion_comment_long({ title, max: THREAD_MAX_CHARS }),
				criterionId: long.criterionId
			});
		}
		try {
			saveGrade(db, user, {
				submissionId: id,
				criteria,
				comment: p.data.comment,
				reason: p.data.reason,
				release: p.data.intent === 'release'
			});
		} catch (e) {
			if (!(e instanceof GradingError)) throw e;
			const title = view.rubric.criteria.find((c) => c.id === e.criterionId)?.title[getLocale()];
			return fail(e.code === 'not_found' ? 404 : 400, {
				message: title ? `${title}: ${GRADE_ERRORS[e.code]()}` : GRADE_ERRORS[e.code](),
				criterionId: e.criterionId ?? null
			});
		}
		back(event.url, id, '', { saved: p.data.intent });
	},
	comment: async (event) => {
		const user = requireRole(event, 'instructor');
		const limited = await consumeThreadComment(user.id);
		if (!limited.ok)
			return fail(429, { thread: true, message: gradingRateLimited('comments', limited) });
		const id = submissionId(event.params);
		const p = parseForm(commentSchema, await event.request.formData());
		if (!p.ok) return fail(400, { thread: true, message: p.errors.body });
		const db = getDb();
		if (gradableSubmissionOwner(db, user, id) === undefined) error(404, m.error_not_found());
		const commentId = addThreadComment(db, user, id, p.data.body);
		back(event.url, id, `#comment-${commentId}`);
	},
	extend: async (event) => {
		const user = requireRole(event, 'instructor');
		const id = submissionId(event.params);
		const p = parseForm(extensionSchema, await event.request.formData());
		if (!p.ok) return fail(400, { extension: true, message: p.errors.dueAt ?? p.errors.reason });
		const db = getDb();
		const view = getGradingView(db, user, id);
		if (!view) error(404, m.error_not_found());
		const exercise = getExerciseById(db, view.submission.itemId, 'zh-CN');
		const tz = exercise?.meta.due?.timeZone ?? user.timeZone;
		grantExtension(db, {
			itemId: view.submission.itemId,
			userId: view.submission.userId,
			dueAt: zonedTimeToInstant(p.data.dueAt, tz),
			grantedBy: user.id,
			reason: p.data.reason
		});
		back(event.url, id, '#extension');
	},
	revokeExtension: async (event) => {
		const user = requireRole(event, 'instructor');
		const id = submissionId(event.params);
		const db = getDb();
		const view = getGradingView(db, user, id);
		if (!view) error(404, m.error_not_found());
		revokeExtension(db, {
			itemId: view.submission.itemId,
			userId: view.submission.userId,
			revokedBy: user.id
		});
		back(event.url, id, '#extension');
	}
};
