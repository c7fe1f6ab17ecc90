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
	'backup.create': () => m.ops_audit_backup_create(),
	'backup.download': () => m.ops_audit_backup_download(),
	'account.deletion_request': () => m.ops_audit_deletion_request(),
	'account.deletion_cancel': () => m.ops_audit_deletion_cancel(),
	'user.delete': () => m.ops_audit_user_delete()
};

/** The localised label of an audit action, or the action itself when it has none. */
export function auditActionLabel(action: string): string {
	return AUDIT_ACTIONS[action]?.() ?? action;
}
