import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';

/** Liveness and readiness: `{ status: "ok", db: "ok" }`, or 503 with the reason. */
export const GET: RequestHandler = () => {
	try {
		getDb().$client.prepare('select 1').get();
		return json({ status: 'ok', db: 'ok' }, { headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		return json(
			{ status: 'error', db: 'error', reason: e instanceof Error ? e.message : String(e) },
			{ status: 503, headers: { 'cache-control': 'no-store' } }
		);
	}
};
