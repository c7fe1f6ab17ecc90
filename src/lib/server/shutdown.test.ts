import { describe, expect, it } from 'vitest';
import { createTestDb } from '../../../tests/support/db';
import { isShuttingDown, onShutdown, shutdown } from './shutdown';

describe('graceful shutdown', () => {
	it('runs steps last-registered first, survives a failing step, then closes the database once', async () => {
		const t = createTestDb();
		try {
			const order: string[] = [];
			onShutdown('worker', async () => {
				await new Promise((r) => setTimeout(r, 5));
				order.push('worker');
			});
			onShutdown('broken', () => {
				order.push('broken');
				throw new Error('boom');
			});
			onShutdown('backups', () => {
				// The database is still open while steps run.
				t.db.$client.prepare('select 1').get();
				order.push('backups');
			});
			expect(isShuttingDown()).toBe(false);
			const first = shutdown('SIGTERM');
			expect(isShuttingDown()).toBe(true);
			expect(shutdown('SIGINT')).toBe(first);
			await first;
			expect(order).toEqual(['backups', 'broken', 'worker']);
			expect(t.db.$client.open).toBe(false);
		} finally {
			t.cleanup();
		}
	});
});
