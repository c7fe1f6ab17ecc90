import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { parseForm } from '$lib/server/forms';
import {
	dismissFlags,
	duplicateSchema,
	endorseAnswer,
	hidePost,
	hideSchema,
	lockSchema,
	postIdSchema,
	restorePost,
	setDuplicateOf,
	setThreadLocked,
	setThreadPinned
} from '$lib/server/forum';
import { forumFailure } from '$lib/server/forum/http';
import { backToThread, threadIdOf } from './thread-helpers';

type Event = RequestEvent<{ id: string }>;
type Refusal = { fail: ActionFailure<{ message: string }> };
type Moderator = ReturnType<typeof requireRole>;

/** A post-level moderator action: instructor check first, then the post id, then the change. */
function postAction(run: (user: Moderator, threadId: number, form: FormData) => number | Refusal) {
	return async (event: Event) => {
		const user = requireRole(event, 'instructor');
		const id = threadIdOf(event);
		const form = await event.request.formData();
		let postId: number | Refusal;
		try {
			postId = run(user, id, form);
		} catch (e) {
			return forumFailure(e);
		}
		if (typeof postId !== 'number') return postId.fail;
		backToThread(id, postId);
	};
}

/** A thread-level moderator action (lock, pin, duplicate). */
function threadAction(run: (user: Moderator, threadId: number, form: FormData) => void | Refusal) {
	return async (event: Event) => {
		const user = requireRole(event, 'instructor');
		const id = threadIdOf(event);
		const form = await event.request.formData();
		let result: void | Refusal;
		try {
			result = run(user, id, form);
		} catch (e) {
			return forumFailure(e);
		}
		if (result) return result.fail;
		backToThread(id);
	};
}

const refuse = (message: string): Refusal => ({ fail: fail(400, { message }) });
const badId = () => refuse(m.forum_err_not_found());

/** Moderator actions of the thread page (instructors and admins). */
export const moderationActions = {
	endorse: postAction((user, id, form) => {
		const p = parseForm(postIdSchema, form);
		if (!p.ok) return badId();
		endorseAnswer(getDb(), user, id, p.data.postId);
		return p.data.postId;
	}),
	hide: postAction((user, id, form) => {
		const p = parseForm(hideSchema, form);
		if (!p.ok) return refuse(p.errors.reason ?? m.forum_err_not_found());
		hidePost(getDb(), user, id, p.data.postId, p.data.reason);
		return p.data.postId;
	}),
	restore: postAction((user, id, form) => {
		const p = parseForm(postIdSchema, form);
		if (!p.ok) return badId();
		restorePost(getDb(), user, id, p.data.postId);
		return p.data.postId;
	}),
	dismissFlags: postAction((user, id, form) => {
		const p = parseForm(postIdSchema, form);
		if (!p.ok) return badId();
		dismissFlags(getDb(), user, id, p.data.postId);
		return p.data.postId;
	}),
	lock: threadAction((user, id, form) => {
		const p = parseForm(lockSchema, form);
		if (!p.ok) return refuse(Object.values(p.errors)[0] ?? m.err_form_invalid());
		setThreadLocked(getDb(), user, id, true, p.data.reason || null);
	}),
	unlock: threadAction((user, id) => setThreadLocked(getDb(), user, id, false)),
	pin: threadAction((user, id) => setThreadPinned(getDb(), user, id, true)),
	unpin: threadAction((user, id) => setThreadPinned(getDb(), user, id, false)),
	duplicate: threadAction((user, id, form) => {
		const p = parseForm(duplicateSchema, form);
		if (!p.ok) return refuse(m.forum_err_duplicate_target());
		setDuplicateOf(getDb(), user, id, p.data.target);
	}),
	reopen: threadAction((user, id) => setDuplicateOf(getDb(), user, id, null))
};
