// `npm test`: build once, run the unit + integration tests (vitest, against the built server) and
// the browser tests (Playwright in Debian's Chromium), then print one line summing them:
//   tests: N passed, N failed
// Without Chromium the browser tests are skipped loudly, or fail the run under CI=true.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const CI = process.env.CI === 'true' || process.env.CI === '1';
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = process.argv.slice(2);
const only = args.find((a) => a === '--unit' || a === '--e2e');

function run(cmd, cmdArgs, env = {}) {
	const started = Date.now();
	const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
	console.log(
		`[test] ${cmd} ${cmdArgs.join(' ')} → exit ${r.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`
	);
	return r.status ?? 1;
}

function readJson(path) {
	try {
		return JSON.parse(readFileSync(path, 'utf8'));
	} catch {
		return null;
	}
}

mkdirSync('test-results', { recursive: true });
for (const f of ['test-results/unit.json', 'test-results/e2e.json']) rmSync(f, { force: true });

if (process.env.CASEBOOK_SKIP_BUILD !== 'true') {
	if (run('npm', ['run', 'build', '--silent']) !== 0) {
		console.log('tests: 0 passed, 1 failed');
		process.exit(1);
	}
}

let passed = 0;
let failed = 0;
let exitCode = 0;

if (only !== '--e2e') {
	const code = run('npx', [
		'vitest',
		'run',
		'--reporter=default',
		'--reporter=json',
		'--outputFile=test-results/unit.json'
	]);
	const report = readJson('test-results/unit.json');
	if (report) {
		passed += report.numPassedTests;
		failed += report.numFailedTests;
	}
	if (code !== 0) {
		exitCode = 1;
		if (!report || report.numFailedTests === 0) failed += 1; // a crash or a failed suite counts too
	}
}

if (only !== '--unit') {
	if (!existsSync(chromium)) {
		const msg = `Chromium not found at ${chromium}: browser tests were SKIPPED (apt-get install -y chromium).`;
		console.log(`\n${'!'.repeat(msg.length)}\n${msg}\n${'!'.repeat(msg.length)}\n`);
		if (CI) {
			failed += 1;
			exitCode = 1;
		}
	} else {
		const code = run('npx', ['playwright', 'test']);
		const report = readJson('test-results/e2e.json');
		if (report?.stats) {
			passed += report.stats.expected + report.stats.flaky;
			failed += report.stats.unexpected;
		}
		if (code !== 0) {
			exitCode = 1;
			if (!report?.stats?.unexpected) failed += 1;
		}
	}
}

console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(exitCode);
