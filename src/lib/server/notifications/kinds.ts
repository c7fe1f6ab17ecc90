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
