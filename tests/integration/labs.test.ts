import { beforeAll, describe, expect, it } from 'vitest';
import { get, postForm, serverDb } from '../support/http';
import { makeSession, makeUser } from '../support/factories';
import { getLabKey, getLabPage } from '../../src/lib/server/labs';
import type { User } from '../../src/lib/server/db/schema';

/**
 * Labs against the built server: the hidden samples never reach the browser (page HTML or
 * `__data.json`, before or after an attempt), results come at once, bad input is refused with a
 * message and the typed text kept.
 */
const LAB = 'interface-schema-ticket-classifier';

let learner: User;
let cookie: string;
let payloadMarkers: string[];

beforeAll(async () => {
	const db = serverDb();
	learner = await makeUser(db);
	cookie = makeSession(db, learner.id).cookie;
	const lab = getLabPage(db, LAB, 'en')!;
	const key = getLabKey(db, lab.id, lab.version)!;
	// Strings of the hidden payloads that appear nowhere in the lab's published content
	// (summaries, ticket texts, request ids, odd values).
	const published =
		lab.html + JSON.stringify(lab.meta) + JSON.stringify(getLabPage(db, LAB, 'zh-CN'));
	payloadMarkers = [
		...key.samples!.schema,
		...key.samples!.openapi!.request,
		...key.samples!.openapi!.response
	]
		.flatMap((s) => Object.values(s.payload as Record<string, unknown>))
		.filter((v): v is string => typeof v === 'string' && v.length >= 4 && !published.includes(v));
	expect(payloadMarkers.length).toBeGreaterThan(5);
});

const leaks = (text: string) => payloadMarkers.filter((p) => text.includes(p));

describe('interface lab over HTTP', () => {
	it('never sends a hidden payload: page and data, before and after an attempt', async () => {
		for (const path of [`/en/labs/${LAB}`, `/en/labs/${LAB}/__data.json`, `/labs/${LAB}`]) {
			const res = await get(path, { cookie });
			expect(res.status).toBe(200);
			expect(leaks(await res.text())).toEqual([]);
		}
		const form = await get(`/en/labs/${LAB}`, { cookie });
		const key = /name="idempotencyKey" value="([^"]+)"/.exec(await form.text())![1];
		const res = await postForm(
			`/en/labs/${LAB}?/submit`,
			{ step: 'schema', idempotencyKey: key, text: '{"type": "object"}' },
			{ cookie }
		);
		expect(res.status).toBe(303);
		const location = res.headers.get('location')!;
		expect(location).toMatch(new RegExp(`^/en/labs/${LAB}/attempts/\\d+$`));
		for (const path of [location, `${location}/__data.json`]) {
			const page = await get(path, { cookie });
			const text = await page.text();
			expect(page.status).toBe(200);
			expect(leaks(text)).toEqual([]);
			// The misjudged samples are named by their labels.
			expect(text).toContain('s05');
		}
	});

	it('refuses text that is not JSON, saying where, and keeps what was typed', async () => {
		const typed = '{\n  "type": "object",\n  "properties": { "a": }\n}';
		const res = await postForm(
			`/en/labs/${LAB}?/submit`,
			{ step: 'schema', idempotencyKey: 'labs-it-not-json', text: typed },
			{ cookie }
		);
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toContain('line 3, column 24');
		expect(html).toMatch(/(&quot;|")properties(&quot;|"): \{ (&quot;|")a(&quot;|"): \}/);
	});
});
