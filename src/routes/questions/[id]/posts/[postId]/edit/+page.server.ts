import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { parseForm, textField } from '$lib/server/forms';
import {
	ForumError,
	editCommentSchema,
	editPost,
	editQuestionSchema,
	editSchema,
	getEditablePost,
	tagsFromForm
} from '$lib/server/forum';
import { forumErrorMessage, forumFailure } from '$lib/server/forum/http';
import { tagOptions, tagsToForm } from '../../../../tag-options';
import { backToThread, threadIdOf } from '../../../thread-helpers';

function postIdOf(event: Pick<RequestEvent, 'params'>): number {
	const id = Number(event.params.postId);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, m.forum_err_not_found());
	return id;
}

export const load: PageServerLoad = (event) => {
	const user = requireUser(event);
	const threadId = threadIdOf(event);
	const postId = postIdOf(event);
	try {
		const { post, threadTitle, tags } = getEditablePost(getDb(), user, threadId, postId);
		const options = tagOptions(getDb(), getLocale());
		return {
			threadId,
			threadTitle,
			kind: post.kind,
			options,
			values: { title: threadTitle, body: post.body, ...tagsToForm(tags, options) },
			byModerator: post.authorId !== user.id
		};
	} catch (e) {
		if (e instanceof ForumError) error(e.status, forumErrorMessage(e));
		throw e;
	}
};

export const actions: Actions = {
	save: async (event) => {
		const user = requireUser(event);
		const threadId = threadIdOf(event);
		const postId = postIdOf(event);
		const form = await event.request.formData();
		const values = {
			title: textField(form, 'title', 300),
			body: textField(form, 'body', 50_000),
			module: textField(form, 'module', 20),
			case: textField(form, 'case', 120),
			tags: textField(form, 'tags', 400)
		};
		let kind: string;
		try {
			// Who may edit comes before what they sent: the author in the window, or an instructor.
			kind = getEditablePost(getDb(), user, threadId, postId).post.kind;
		} catch (e) {
			return forumFailure(e, { values });
		}
		try {
			if (kind === 'question') {
				const p = parseForm(editQuestionSchema(), form);
				if (!p.ok) return fail(400, { values, errors: p.errors, message: m.err_form_invalid() });
				editPost(getDb(), user, threadId, postId, {
					title: p.data.title,
					body: p.data.body,
					tags: tagsFromForm(p.data)
				});
			} else {
				const p = parseForm(kind === 'comment' ? editCommentSchema() : editSchema(), form);
				if (!p.ok) return fail(400, { values, errors: p.errors, message: m.err_form_invalid() });
				editPost(getDb(), user, threadId, postId, { body: p.data.body });
			}
		} catch (e) {
			return forumFailure(e, { values });
		}
		backToThread(threadId, postId);
	}
};
