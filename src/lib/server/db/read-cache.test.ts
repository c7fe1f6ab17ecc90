import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../../tests/support/db';
import { immediate, openDatabase, type Db } from './index';
import { cachedRead, invalidateReads } from './read-cache';
import { settings } from './schema';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('read cache', () => {
	let t: ReturnType<typeof createTestDb>;
	beforeEach(() => {
		t = createTestDb();
	});
	afterEach(() => t.cleanup());

	const readKeys = (db: Db) =>
		cachedRead(db, 'test', 'keys', () =>
			db
				.select()
				.from(settings)
				.all()
				.map((r) => r.key)
		);

	it('serves a second read from memory and drops it on invalidation by this process', () => {
		let reads = 0;
		const read = () => cachedRead(t.db, 'test', 'k', () => ++reads);
		expect(read()).toBe(1);
		expect(read()).toBe(1);
		invalidateReads(t.db, 'test');
		expect(read()).toBe(2);
		invalidateReads(t.db, 'other scope');
		expect(read()).toBe(2);
	});

	it('sees a write by another connection in the next event-loop turn', async () => {
		expect(readKeys(t.db)).toEqual([]);
		const other = openDatabase(t.path);
		try {
			other.insert(settings).values({ key: 'siteName', value: '"x"', updatedAt: new Date() }).run();
		} finally {
			other.$client.close();
		}
		await nextTurn();
		expect(readKeys(t.db)).toEqual(['siteName']);
	});

	it('does not cache reads made inside a transaction', () => {
		let reads = 0;
		immediate(t.db, (tx) => {
			cachedRead(tx, 'test', 'k', () => ++reads);
			cachedRead(tx, 'test', 'k', () => ++reads);
		});
		expect(reads).toBe(2);
	});

	it('drops a scope when invalidated through a transaction object, and does not cache inside one', () => {
		let reads = 0;
		const read = () => cachedRead(t.db, 'test', 'k', () => ++reads);
		read();
		immediate(t.db, (tx) => {
			invalidateReads(tx, 'test');
			read(); // the database while a transaction is open: not cached
		});
		expect(reads).toBe(2);
		expect(read()).toBe(3);
		expect(read()).toBe(3);
	});

	it('freezes what it hands out, so a caller cannot change what later requests read', () => {
		const value = cachedRead(t.db, 'test', 'obj', () => ({ list: [{ a: 1 }] }));
		expect(() => value.list.push({ a: 2 })).toThrow(TypeError);
		expect(() => {
			value.list[0].a = 3;
		}).toThrow(TypeError);
		expect(cachedRead(t.db, 'test', 'obj', () => ({ list: [] }))).toEqual({ list: [{ a: 1 }] });
	});

	it('does not keep a read that an invalidation overtook', () => {
		let reads = 0;
		const value = cachedRead(t.db, 'test', 'k', () => {
			invalidateReads(t.db, 'test'); // e.g. a write finishing while this value was computed
			return ++reads;
		});
		expect(value).toBe(1);
		expect(cachedRead(t.db, 'test', 'k', () => ++reads)).toBe(2);
	});

	it('keeps a bounded number of entries (keys come from URLs)', () => {
		let reads = 0;
		for (let i = 0; i < 1500; i++) cachedRead(t.db, 'test', `slug-${i}`, () => ++reads);
		// The oldest keys were evicted; the newest are still cached.
		cachedRead(t.db, 'test', 'slug-1499', () => ++reads);
		expect(reads).toBe(1500);
		cachedRead(t.db, 'test', 'slug-0', () => ++reads);
		expect(reads).toBe(1501);
	});
});
