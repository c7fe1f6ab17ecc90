import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import { settings } from './schema';

describe('prepared statement reuse', () => {
	let t: ReturnType<typeof createTestDb>;
	beforeEach(() => {
		t = createTestDb();
	});
	afterEach(() => t.cleanup());

	it('hands back the same statement for the same SQL, in its default result mode', () => {
		const first = t.db.$client.prepare('select 1 as a, 2 as b');
		first.raw(true);
		const again = t.db.$client.prepare('select 1 as a, 2 as b');
		expect(again).toBe(first);
		expect(again.get()).toEqual({ a: 1, b: 2 });
		first.pluck(true);
		expect(t.db.$client.prepare('select 1 as a, 2 as b').all()).toEqual([{ a: 1, b: 2 }]);
	});

	it('serves drizzle queries of both shapes from one text, and writes through reused statements', () => {
		for (let i = 0; i < 3; i++) {
			t.db
				.insert(settings)
				.values({ key: `k${i}`, value: '1', updatedAt: new Date() })
				.run();
		}
		// drizzle's select maps rows from raw arrays; a raw `db.all` of similar SQL wants objects.
		expect(t.db.select({ key: settings.key }).from(settings).all()).toHaveLength(3);
		expect(t.db.all(sql`select key from settings order by key`)).toEqual([
			{ key: 'k0' },
			{ key: 'k1' },
			{ key: 'k2' }
		]);
		expect(
			t.db
				.select({ key: settings.key })
				.from(settings)
				.all()
				.map((r) => r.key)
		).toEqual(['k0', 'k1', 'k2']);
	});
});
