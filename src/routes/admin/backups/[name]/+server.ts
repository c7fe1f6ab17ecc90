import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { getConfig } from '$lib/server/config';
import { getDb } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guard';
import { audit } from '$lib/server/audit';
import { findBackup } from '$lib/server/backup';

/**
 * Downloads one backup file (admins only; audited as "backup.download"). Only names Casebook writes
 * are served, from BACKUP_DIR; anything else is a 404.
 */
export const GET: RequestHandler = (event) => {
	const admin = requireRole(event, 'admin');
	const dir = getConfig().BACKUP_DIR;
	const backup = findBackup(dir, event.params.name);
	if (!backup) error(404, m.error_not_found());
	audit(getDb(), {
		actorId: admin.id,
		action: 'backup.download',
		targetType: 'backup',
		targetId: backup.name,
		before: null,
		after: null
	});
	const body = Readable.toWeb(createReadStream(join(dir, backup.name))) as ReadableStream;
	return new Response(body, {
		headers: {
			'content-type': 'application/vnd.sqlite3',
			'content-length': String(backup.bytes),
			'content-disposition': `attachment; filename="${backup.name}"`,
			'cache-control': 'no-store'
		}
	});
};
