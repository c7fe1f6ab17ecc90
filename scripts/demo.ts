// npm run demo [-- --force]
// Fills the database (DATABASE_URL) with demo accounts, cohorts, quiz attempts, exercise
// submissions with feedback and Q&A threads, so instructor pages are not empty in a demo.
// Never in production (NODE_ENV=production); refuses a database with real accounts unless --force;
// runs once (a second run changes nothing). Code: scripts/demo/.
import { parseArgs } from 'node:util';
import { getConfig } from '../src/lib/server/config';
import { closeDb, getDb } from '../src/lib/server/db';
import { runMigrations } from '../src/lib/server/db/migrate';
import { log } from '../src/lib/server/log';
import { syncContentAtStart } from '../src/lib/server/content/startup-sync';
import { DEMO_PASSWORD, demoAccountLines, demoRefusal, seedDemo } from './demo/index';

const { values } = parseArgs({ options: { force: { type: 'boolean', default: false } } });

if (process.env.NODE_ENV === 'production') {
	// Checked before the database is even opened.
	console.error('demo: NODE_ENV is production: the demo never fills a production database.');
	process.exit(1);
}

const cfg = getConfig();
log.level = 'warn';
const db = getDb();
runMigrations(db, cfg.MIGRATIONS_DIR);
const early = demoRefusal(db, {
	nodeEnv: process.env.NODE_ENV,
	adminEmail: cfg.ADMIN_EMAIL,
	force: values.force!
});
if (early) {
	console.error(`demo: refused: ${early}`);
	closeDb();
	process.exit(1);
}
syncContentAtStart(db, cfg.CONTENT_DIR);
const result = await seedDemo(db, cfg, { nodeEnv: process.env.NODE_ENV, force: values.force });
closeDb();

if (result.status === 'refused') {
	console.error(`demo: refused: ${result.reason}`);
	process.exit(1);
}
if (result.status === 'already-seeded') {
	console.log(`demo: ${cfg.DATABASE_URL} already has the demo data; nothing changed.`);
} else {
	const made = Object.entries(result.summary)
		.map(([k, v]) => `${v} ${k}`)
		.join(', ');
	console.log(`demo: filled ${cfg.DATABASE_URL}: ${made}.`);
	console.log('demo: feedback comes from the offline rubric check (no LLM calls were made).');
}
console.log(`\nDemo accounts (password for all: ${DEMO_PASSWORD}):\n`);
for (const line of demoAccountLines()) console.log(line);
console.log('\nStart the site with `npm start` and sign in with one of them.');
