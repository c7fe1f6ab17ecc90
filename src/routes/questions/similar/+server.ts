import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { getDb } from '$lib/server/db';
import { findSimilar } from '$lib/server/forum';

/**
 * GET ?q=<title being typed>&exclude=<thread id>: similar threads and FAQ entries as JSON
 * `{ hits: [{ kind, id, url, title: [{ text, hit }] }] }` for the ask page's suggestions (public,
 * like the threads themselves; hidden threads are not in the index). `url` has no locale prefix.
 */
export const GET: RequestHandler = ({ url }) => {
	const q = (url.searchParams.get('q') ?? '').slice(0, 300);
	const exclude = Number(url.searchParams.get('exclude')) || undefined;
	const hits = q.trim() ? findSimilar(getDb(), q, getLocale(), { excludeThreadId: exclude }) : [];
	return json({ hits }, { headers: { 'cache-control': 'no-store' } });
};
