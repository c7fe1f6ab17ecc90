import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guard';
import { getUserById } from '$lib/server/auth/user';
import { buildExport, exportFileName } from '$lib/server/privacy';
import { consumeExport } from '$lib/server/privacy/limit';

/**
 * "Download my data": a zip of Markdown and JSON of everything the signed-in user owns
 * (src/lib/server/privacy). A GET without side effects (so it also works in archive mode);
 * rate limited per user.
 */
export const GET: RequestHandler = async (event) => {
	const sessionUser = requireUser(event);
	const limited = await consumeExport(sessionUser.id);
	if (!limited.ok)
		error(
			429,
			m.err_rate_limited({ minutes: Math.max(1, Math.ceil(limited.retryAfterMs / 60_000)) })
		);
	const db = getDb();
	const user = getUserById(db, sessionUser.id);
	if (!user) error(404, m.error_not_found());
	const now = new Date();
	const zip = buildExport(db, user, { locale: getLocale(), now });
	event.locals.log.info({ userId: user.id, bytes: zip.byteLength }, 'data export');
	return new Response(zip as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': 'application/zip',
			'content-length': String(zip.byteLength),
			'content-disposition': `attachment; filename="${exportFileName(now, user.timeZone)}"`,
			'cache-control': 'no-store'
		}
	});
};
