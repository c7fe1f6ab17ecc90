// The production entry: adapter-node's server (build/index.js: listening, graceful shutdown) plus
// the security headers on the responses SvelteKit's hooks never see. adapter-node serves static files
// (static/, the built JS and CSS under /_app/) with sirv before the hooks run, so hooks.server.ts cannot
// add headers to them; this listener sets them on every response first (the hooks set the same values
// again on pages). Started by scripts/start.js and by the tests (tests/support/server.ts).
import { STATIC_SECURITY_HEADERS } from './security-headers.js';

const { server } = await import('../build/index.js');

// Runs before polka's own request listener, in the same tick as the import: no request is missed.
server.server.prependListener('request', (_req, res) => {
	for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) res.setHeader(name, value);
});
