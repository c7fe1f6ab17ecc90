import { m } from '../../paraglide/messages';

/**
 * Labels for audit actions, shown on /admin/audit in the reader's language. A later feature that
 * calls audit() with a new action adds its label here (unknown actions show their raw name).
 */
export const AUDIT_ACTIONS: Record<string, () => string> = {
	'user.role_change': () => m.audit_action_user_role_change(),
	'user.disable': () => m.audit_action_user_disable(),
	'user.enable': () => m.audit_action_user_enable(),
	'user.reset_link': () => m.audit_action_user_reset_link(),
	'settings.update': () => m.audit_action_settings_update(),
	'cohort.create': () => m.audit_action_cohort_create(),
	'cohort.update': () => m.audit_action_cohort_update(),
	'cohort.regenerate_code': () => m.audit_action_cohort_regenerate_code(),
	'cohort.remove_member': () => m.audit_action_cohort_remove_member(),
	'forum.edit': () => m.forum_audit_edit(),
	'forum.accept': () => m.forum_audit_accept(),
	'forum.endorse': () => m.forum_audit_endorse(),
	'forum.hide': () => m.forum_audit_hide(),
	'forum.restore': () => m.forum_audit_restore(),
	'forum.dismiss_flags': () => m.forum_audit_dismiss_flags(),
	'forum.lock': () => m.forum_audit_lock(),
	'forum.unlock': () => m.forum_audit_unlock(),
	'forum.pin': () => m.forum_audit_pin(),
	'forum.unpin': () => m.forum_audit_unpin(),
	'forum.close_duplicate': () => m.forum_audit_close_duplicate(),
	'forum.reopen': () => m.forum_audit_reopen(),
	'faq.promote': () => m.forum_audit_faq_promote(),
	'faq.update': () => m.forum_audit_faq_update(),
	'faq.delete': () => m.forum_audit_faq_delete(),
	'backup.create': () => m.ops_audit_backup_create(),
	'backup.download': () => m.ops_audit_backup_download(),
	'account.deletion_request': () => m.ops_audit_deletion_request(),
	'account.deletion_cancel': () => m.ops_audit_deletion_cancel(),
	'user.delete': () => m.ops_audit_user_delete(),
	'exercise.extension_grant': () => m.exercises_audit_extension_grant(),
	'exercise.extension_revoke': () => m.exercises_audit_extension_revoke(),
	'exercise.regrade_request': () => m.regrade_audit_request(),
	'exercise.regrade_cancel': () => m.regrade_audit_cancel(),
	'grade.save': () => m.grading_audit_save(),
	'grade.release': () => m.grading_audit_release(),
	'grade.regrade_request': () => m.grading_audit_regrade_request()
};

/** The localised label of an audit action, or the action itself when it has none. */
export function auditActionLabel(action: string): string {
	return AUDIT_ACTIONS[action]?.() ?? action;
}
