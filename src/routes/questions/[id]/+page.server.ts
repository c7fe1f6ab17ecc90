import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { getDb } from '$lib/server/db';
import { FLAG_REASONS } from '$lib/server/db/schema';
import { requireUser } from '$lib/server/auth/guard';
import { parseForm, textField } from '$lib/server/forms';
import { getSetting } from '$lib/server/settings';
import {
	ForumError,
	acceptAnswer,
	addAnswer,
	addComment,
	answerSchema,
	castVote,
	commentSchema,
	consumeForumFlag,
	consumeForumPost,
	describeTags,
	flagPost,
	flagSchema,
	getThreadView,
	postIdSchema,
	voteSchema,
	type CommentView,
	type PostView,
	type ThreadView
} from '$lib/server/forum';
import { forumFailure, rateLimitedFailure } from '$lib/server/forum/http';
import { backToThread, threadIdOf } from './thread-helpers';
import { moderationActions } from './moderation-actions';

/** The view with every action switched off (archive mode). */
function readOnly(view: ThreadView): ThreadView {
	const off = <T extends CommentView>(c: T): T => ({ ...c, canEdit: false, canFlag: false });
	const post = (p: PostView): PostView => ({
		...off(p),
		canVote: false,
		comments: p.comments.map(off)
	});
	return {
		...view,
		question: post(view.question),
		answers: view.answers.map(post),
		can: { answer: false, comment: false, accept: false, moderate: false }
	};
}

export const load: PageServerLoad = (event) => {
	const viewer = event.locals.user;
	const id = threadIdOf(event);
	const db = getDb();
	const locale = getLocale();
	let view;
	try {
		view = getThreadView(db, id, viewer);
	} catch (e) {
		if (e instanceof ForumError && e.code === 'not_found') error(404, m.forum_err_not_found());
		throw e;
	}
	// Archive mode refuses every write (src/lib/server/archive): show no forms that would fail.
	if (getSetting(db, 'archiveMode')) view = readOnly(view);
	const timeZone = viewer?.timeZone ?? getSetting(db, 'defaultTimeZone');
	const date = (d: Date) => formatDateTime(d, locale, timeZone);
	const comment = (c: CommentView) => ({ ...c, createdAt: date(c.createdAt) });
	const post = (p: PostView) => ({
		...comment(p),
		comments: p.comments.map(comment),
		kind: p.kind,
		score: p.score,
		myVote: p.myVote,
		canVote: p.canVote
	});
	return {
		thread: { ...view.thread, createdAt: date(view.thread.createdAt) },
		tags: view.tags,
		labels: Object.fromEntries(describeTags(db, view.tags, locale)),
		question: post(view.question),
		answers: view.answers.map(post),
		can: view.can,
		faqEntryIds: view.faqEntryIds,
		flagReasons: FLAG_REASONS,
		/** Post just flagged by the viewer (after the flag action's redirect). */
		flagged: Number(event.url.searchParams.get('flagged')) || null
	};
};

export const actions: Actions = {
	answer: async (event) => {
		const user = requireUser(event);
		const id = threadIdOf(event);
		const form = await event.request.formData();
		const body = textField(form, 'body', 50_000);
		const limit = await consumeForumPost(getDb(), user);
		if (!limit.ok) return rateLimitedFailure(limit, { answer: { body } });
		const parsed = parseForm(answerSchema(), form);
		if (!parsed.ok)
			return fail(400, {
				answer: { body, error: parsed.errors.body },
				message: m.err_form_invalid()
			});
		let postId: number;
		try {
			postId = addAnswer(getDb(), user, id, parsed.data.body).id;
		} catch (e) {
			return forumFailure(e, { answer: { body } });
		}
		backToThread(id, postId);
	},
	comment: async (event) => {
		const user = requireUser(event);
		const id = threadIdOf(event);
		const form = await event.request.formData();
		const comment = {
			parentId: Number(textField(form, 'parentId', 20)),
			body: textField(form, 'body', 5_000)
		};
		const limit = await consumeForumPost(getDb(), user);
		if (!limit.ok) return rateLimitedFailure(limit, { comment });
		const parsed = parseForm(commentSchema(), form);
		if (!parsed.ok)
			return fail(400, {
				comment: { ...comment, error: parsed.errors.body ?? parsed.errors.parentId },
				message: m.err_form_invalid()
			});
		let postId: number;
		try {
			postId = addComment(getDb(), user, id, parsed.data.parentId, parsed.data.body).id;
		} catch (e) {
			return forumFailure(e, { comment });
		}
		backToThread(id, postId);
	},
	vote: async (event) => {
		const user = requireUser(event);
		const id = threadIdOf(event);
		const parsed = parseForm(voteSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { message: m.forum_err_not_found() });
		try {
			castVote(getDb(), user, id, parsed.data.postId, parsed.data.value === 'up' ? 1 : -1);
		} catch (e) {
			return forumFailure(e);
		}
		backToThread(id, parsed.data.postId);
	},
	accept: async (event) => {
		const user = requireUser(event);
		const id = threadIdOf(event);
		const parsed = parseForm(postIdSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { message: m.forum_err_not_found() });
		try {
			acceptAnswer(getDb(), user, id, parsed.data.postId);
		} catch (e) {
			return forumFailure(e);
		}
		backToThread(id, parsed.data.postId);
	},
	flag: async (event) => {
		const user = requireUser(event);
		const id = threadIdOf(event);
		const limit = await consumeForumFlag(user);
		if (!limit.ok) return rateLimitedFailure(limit);
		const parsed = parseForm(flagSchema, await event.request.formData());
		if (!parsed.ok)
			return fail(400, { message: Object.values(parsed.errors)[0] ?? m.err_form_invalid() });
		try {
			flagPost(getDb(), user, id, parsed.data.postId, parsed.data.reason, parsed.data.note || null);
		} catch (e) {
			return forumFailure(e);
		}
		redirect(
			303,
			localizeHref(`/questions/${id}?flagged=${parsed.data.postId}#post-${parsed.data.postId}`)
		);
	},
	...moderationActions
};
