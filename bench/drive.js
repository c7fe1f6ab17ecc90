// The load generator, in its own process (apart from the server and the seeder): runs autocannon
// against each target in turn and prints one JSON line of results. Latency percentiles are computed
// from every response time (autocannon's own summary has no p95).
// Input: one JSON argument { url, connections, durationSec, targets: [{ name, path, headers }] }.
import autocannon from 'autocannon';

const { url, connections, durationSec, targets } = JSON.parse(process.argv[2]);

const pct = (sorted, p) =>
	sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const round = (x) => Math.round(x * 100) / 100;

const out = [];
for (const t of targets) {
	const times = [];
	const statuses = {};
	const instance = autocannon({
		url: url + t.path,
		connections,
		duration: durationSec,
		headers: t.headers ?? {}
	});
	instance.on('response', (_client, status, _bytes, ms) => {
		times.push(ms);
		statuses[status] = (statuses[status] ?? 0) + 1;
	});
	const r = await new Promise((resolve, reject) =>
		instance.once('done', resolve).once('error', reject)
	);
	times.sort((a, b) => a - b);
	out.push({
		name: t.name,
		rps: round(r.requests.average),
		p50: round(pct(times, 50)),
		p95: round(pct(times, 95)),
		p99: round(pct(times, 99)),
		requests: times.length,
		statuses,
		errors: r.errors,
		timeouts: r.timeouts
	});
}
console.log(JSON.stringify(out));
