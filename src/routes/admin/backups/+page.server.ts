import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale, localizeHref } from '$lib/paraglide/runtime';
import { formatBytes, formatDateTime } from '$lib/format';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { audit } from '$lib/server/audit';
import { BackupError, createBackup, listBackups, parseBackupFileName } from '$lib/server/backup';

export const load: PageServerLoad = (event) => {
	const admin = requireRole(event, 'admin');
	const cfg = getConfig();
	const locale = getLocale();
	const created = event.url.searchParams.get('created') ?? '';
	return {
		dir: cfg.BACKUP_DIR,
		intervalMinutes: cfg.BACKUP_INTERVAL_MS > 0 ? cfg.BACKUP_INTERVAL_MS / 60_000 : 0,
		keep: cfg.BACKUP_KEEP,
		backups: listBackups(cfg.BACKUP_DIR).map((b) => ({
			name: b.name,
			kind: b.kind,
			takenAt: formatDateTime(b.takenAt, locale, admin.timeZone),
			size: formatBytes(b.bytes, locale)
		})),
		// Only a name Casebook could have written is echoed back.
		created: parseBackupFileName(created) ? created : null
	};
};

export const actions: Actions = {
	/** Takes a manual backup now (kept until removed by hand); audited as "backup.create". */
	create: async (event) => {
		const admin = requireRole(event, 'admin');
		const db = getDb();
		let name: string;
		try {
			const b = await createBackup(db, getConfig().BACKUP_DIR, 'manual');
			name = b.name;
			audit(db, {
				actorId: admin.id,
				action: 'backup.create',
				targetType: 'backup',
				targetId: b.name,
				before: null,
				after: { bytes: b.bytes, ms: b.ms }
			});
		} catch (e) {
			event.locals.log.error({ err: e }, 'manual backup failed');
			const detail = e instanceof BackupError ? e.message : m.error_generic();
			return fail(500, { message: m.ops_backup_failed({ detail }) });
		}
		redirect(303, localizeHref(`/admin/backups?created=${encodeURIComponent(name)}`));
	}
};
