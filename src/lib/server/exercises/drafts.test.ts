import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../../../../tests/support/db';
import { makeUser } from '../../../../tests/support/factories';
import type { Db } from '../db';
import { getDraft, saveDraft } from './drafts';

let db: Db;
let cleanup: () => void;
beforeEach(() => ({ db, cleanup } = createTestDb()));
afterEach(() => cleanup());

describe('drafts', () => {
	it('keeps the newest text when an older copy arrives late (lost connection, second tab)', async () => {
		const { id } = await makeUser(db);
		const now = new Date('2026-11-29T12:00:00Z');
		const t = (s: number) => new Date(now.getTime() - 60_000 + s * 1000);
		expect(saveDraft(db, { userId: id, itemId: 'x', body: 'one', editedAt: t(1) }, now).saved).toBe(
			true
		);
		expect(
			saveDraft(db, { userId: id, itemId: 'x', body: 'three', editedAt: t(3) }, now).saved
		).toBe(true);
		const stale = saveDraft(db, { userId: id, itemId: 'x', body: 'two', editedAt: t(2) }, now);
		expect(stale).toMatchObject({ saved: false, draft: { body: 'three' } });
		expect(getDraft(db, id, 'x')?.body).toBe('three');
	});

	it('caps an edit time from a fast clock at the server time', async () => {
		const { id } = await makeUser(db);
		const now = new Date('2026-11-29T12:00:00Z');
		const future = new Date('2030-01-01T00:00:00Z');
		saveDraft(db, { userId: id, itemId: 'x', body: 'fast clock', editedAt: future }, now);
		expect(getDraft(db, id, 'x')?.editedAt.getTime()).toBe(now.getTime());
		const later = new Date(now.getTime() + 1000);
		expect(
			saveDraft(db, { userId: id, itemId: 'x', body: 'next', editedAt: later }, later).saved
		).toBe(true);
	});
});
