import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { m } from '$lib/paraglide/messages';
import { getConfig } from '$lib/server/config';
import { registry } from '$lib/server/metrics';
import { bearerTokenMatches } from '$lib/server/metrics/endpoint';

/**
 * Prometheus metrics as text (exposition format 0.0.4). Off (404, like any unknown path) unless
 * METRICS_TOKEN is set; then only `Authorization: Bearer <METRICS_TOKEN>` gets them (else 401).
 */
export const GET: RequestHandler = async ({ request }) => {
	const token = getConfig().METRICS_TOKEN;
	if (!token) error(404, m.error_not_found());
	if (!bearerTokenMatches(request.headers.get('authorization'), token)) {
		return new Response('Unauthorized\n', {
			status: 401,
			headers: { 'www-authenticate': 'Bearer realm="metrics"', 'cache-control': 'no-store' }
		});
	}
	return new Response(await registry.metrics(), {
		headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' }
	});
};
