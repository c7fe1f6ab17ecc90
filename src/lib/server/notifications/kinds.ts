import { z } from 'zod';
import { m } from '../../paraglide/messages';
import { ROLES, type Locale } from '../db/schema';

/** What a notification shows: its text in the reader's language and, optionally, where it leads. */
export type RenderedNotification = { text: string; href: string | null };

type Kind<S extends z.ZodType> = {
	schema: S;
	/** Renders a stored payload for a reader of `locale`; `href` is an unlocalised site path. */
	render: (payload: z.output<S>, locale: Locale) => RenderedNotification;
};
const kind = <S extends z.ZodType>(
	schema: S,
	render: (payload: z.output<S>, locale: Locale) => RenderedNotification
): Kind<S> => ({ schema, render });

const roleLabel = (role: (typeof ROLES)[number], locale: Locale) =>
	({ learner: m.role_learner, instructor: m.role_instructor, admin: m.role_admin })[role](
		{},
		{ locale }
	);

/** Moderation actions an author is told about (forum_moderated). */
export const MODERATION_NOTICES = [
	'hidden',
	'restored',
	'edited',
	'locked',
	'unlocked',
	'closed_duplicate',
	'reopened'
] as const;

function moderationText(
	action: (typeof MODERATION_NOTICES)[number],
	title: string,
	locale: Locale
): string {
	const msg = {
		hidden: m.forum_notif_mod_hidden,
		restored: m.forum_notif_mod_restored,
		edited: m.forum_notif_mod_edited,
		locked: m.forum_notif_mod_locked,
		unlocked: m.forum_notif_mod_unlocked,
		closed_duplicate: m.forum_notif_mod_closed_duplicate,
		reopened: m.forum_notif_mod_reopened
	}[action];
	return msg({ title }, { locale });
}

/**
 * Every notification kind: the payload schema (checked when written) and how it reads. Text is
 * produced at read time, so a reader sees it in the language of the page. Later issues add kinds
 * here (answer to my question, grade released, moderation action) with their messages.
 */
export const NOTIFICATION_KINDS = {
	/** To a cohort's owner: a learner joined it. */
	cohort_joined: kind(
		z.object({ cohortId: z.number().int(), cohortName: z.string(), memberName: z.string() }),
		(p, locale) => ({
			text: m.notif_cohort_joined({ member: p.memberName, cohort: p.cohortName }, { locale }),
			href: `/cohorts/${p.cohortId}`
		})
	),
	/** To a member: an instructor removed them from a cohort. */
	cohort_removed: kind(z.object({ cohortName: z.string() }), (p, locale) => ({
		text: m.notif_cohort_removed({ cohort: p.cohortName }, { locale }),
		href: '/account#cohorts'
	})),
	/** To a user: an admin changed their role. */
	role_changed: kind(z.object({ role: z.enum(ROLES) }), (p, locale) => ({
		text: m.notif_role_changed({ role: roleLabel(p.role, locale) }, { locale }),
		href: null
	})),
	/** To an asker: someone answered their question. */
	forum_answer: kind(
		z.object({
			threadId: z.number().int(),
			postId: z.number().int(),
			title: z.string(),
			authorName: z.string()
		}),
		(p, locale) => ({
			text: m.forum_notif_answer({ author: p.authorName, title: p.title }, { locale }),
			href: `/questions/${p.threadId}#post-${p.postId}`
		})
	),
	/** To the author of a question or answer: someone commented on it. */
	forum_comment: kind(
		z.object({
			threadId: z.number().int(),
			postId: z.number().int(),
			title: z.string(),
			authorName: z.string(),
			on: z.enum(['question', 'answer'])
		}),
		(p, locale) => ({
			text:
				p.on === 'question'
					? m.forum_notif_comment_question({ author: p.authorName, title: p.title }, { locale })
					: m.forum_notif_comment_answer({ author: p.authorName, title: p.title }, { locale }),
			href: `/questions/${p.threadId}#post-${p.postId}`
		})
	),
	/** To an answerer: their answer was accepted. */
	forum_accepted: kind(
		z.object({ threadId: z.number().int(), postId: z.number().int(), title: z.string() }),
		(p, locale) => ({
			text: m.forum_notif_accepted({ title: p.title }, { locale }),
			href: `/questions/${p.threadId}#post-${p.postId}`
		})
	),
	/** To an author: an instructor hid, restored, edited, locked or closed their post or thread. */
	forum_moderated: kind(
		z.object({
			threadId: z.number().int(),
			postId: z.number().int().nullable(),
			title: z.string(),
			action: z.enum(MODERATION_NOTICES),
			reason: z.string().nullable()
		}),
		(p, locale) => {
			const text = moderationText(p.action, p.title, locale);
			return {
				text: p.reason ? `${text} ${m.forum_notif_reason({ reason: p.reason }, { locale })}` : text,
				href: `/questions/${p.threadId}${p.postId ? `#post-${p.postId}` : ''}`
			};
		}
	),
	/** To every admin: a user asked for their account to be deleted (no name: see the queue). */
	deletion_requested: kind(z.object({}), (_p, locale) => ({
		text: m.ops_notif_deletion_requested({}, { locale }),
		href: '/admin/deletions'
	})),
	/**
	 * To a learner: feedback on their submission was written (the offline check, or the model's,
	 * which may follow an offline result).
	 */
	feedback_ready: kind(
		z.object({ submissionId: z.number().int(), source: z.enum(['model', 'offline']) }),
		(p, locale) => ({
			text:
				p.source === 'model'
					? m.feedback_notif_ready_model({}, { locale })
					: m.feedback_notif_ready_offline({}, { locale }),
			href: `/submissions/${p.submissionId}`
		})
	),
	/** To a learner: an instructor released (or re-released) the grade of their submission. */
	grade_released: kind(
		z.object({ submissionId: z.number().int(), points: z.number(), maxPoints: z.number() }),
		(p, locale) => ({
			text: m.grading_notif_released({ points: p.points, max: p.maxPoints }, { locale }),
			href: `/submissions/${p.submissionId}#grade`
		})
	),
	/** To the other side of a submission's private thread: a new comment. */
	submission_comment: kind(
		z.object({
			submissionId: z.number().int(),
			commentId: z.number().int(),
			toStaff: z.boolean()
		}),
		(p, locale) => ({
			text: p.toStaff
				? m.grading_notif_comment_staff({ id: p.submissionId }, { locale })
				: m.grading_notif_comment_learner({}, { locale }),
			href: p.toStaff
				? `/instructor/grading/${p.submissionId}#comment-${p.commentId}`
				: `/submissions/${p.submissionId}#comment-${p.commentId}`
		})
	),
	/** To the staff of a submission: its learner asked for a regrade. */
	regrade_requested: kind(
		z.object({ submissionId: z.number().int(), commentId: z.number().int() }),
		(p, locale) => ({
			text: m.grading_notif_regrade({ id: p.submissionId }, { locale }),
			href: `/instructor/grading/${p.submissionId}#comment-${p.commentId}`
		})
	),
	/** To a user: their password was reset with a reset link. */
	password_reset: kind(z.object({}), (_p, locale) => ({
		text: m.notif_password_reset({}, { locale }),
		href: '/account'
	}))
} satisfies Record<string, Kind<z.ZodType>>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;
export type NotificationPayload<K extends NotificationKind> = z.input<
	(typeof NOTIFICATION_KINDS)[K]['schema']
>;
