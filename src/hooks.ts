import type { Reroute } from '@sveltejs/kit';
import { deLocalizeUrl } from '$lib/paraglide/runtime';

/** `/en/cases/x` is served by the route `/cases/x`; the locale comes from the URL. */
export const reroute: Reroute = (request) => deLocalizeUrl(request.url).pathname;
