import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createTestDb } from '../../../../tests/support/db';
import { openDatabase } from '../db';
import { runMigrations } from '../db/migrate';
import { documentFacets, facetToken } from './facets';
import { indexDocuments, removeDocuments, searchSite, type SearchDocument } from './index';
import { indexTokens } from './tokenize';

const doc = (i: number, over: Partial<SearchDocument> = {}): SearchDocument => ({
	kind: 'question',
	id: String(i),
	locale: 'en',
	title: `Question ${i} about retries`,
	body: 'How many retries before the circuit breaker opens?',
	url: `/questions/${i}`,
	tags: ['module:8'],
	...over
});

describe('search facets', () => {
	const cleanups: Array<() => void> = [];
	afterEach(() => cleanups.splice(0).forEach((c) => c()));

	it('tokens are letters and digits only, one per filter, distinct per value', () => {
		expect(facetToken('tag', 'case:a-b')).toMatch(/^x[0-9a-f]+$/);
		expect(facetToken('tag', 'case:a-b')).not.toBe(facetToken('tag', 'case:ab'));
		expect(documentFacets(doc(1)).split(' ')).toEqual([
			facetToken('locale', 'en'),
			facetToken('kind', 'question'),
			facetToken('class', 'stream'),
			facetToken('scope', 'en:stream'),
			facetToken('tag', 'module:8')
		]);
		expect(documentFacets(doc(1, { kind: 'case' }))).toContain(facetToken('class', 'reference'));
	});

	it('migration 0014 computes the same facets in SQL for documents indexed before it', () => {
		// Migrate a copy of the migrations up to 0013, index documents the old way, then apply 0014.
		const dir = mkdtempSync(join(tmpdir(), 'casebook-facets-'));
		cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
		const folder = join(dir, 'migrations');
		cpSync('./migrations', folder, { recursive: true });
		const journalPath = join(folder, 'meta', '_journal.json');
		const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
		const full = structuredClone(journal);
		journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < '0014');
		writeFileSync(journalPath, JSON.stringify(journal));
		const db = openDatabase(join(dir, 'old.db'));
		cleanups.push(() => db.$client.close());
		runMigrations(db, folder);
		const docs = [
			doc(1),
			doc(2, {
				locale: 'zh-CN',
				kind: 'faq',
				tags: ['case:case-banking-customer-service', '中文']
			}),
			doc(3, { kind: 'module', tags: [] })
		];
		docs.forEach((d, i) => {
			db.run(sql`insert into search_documents (id, kind, doc_id, locale, title, body, url, tags, updated_at)
				values (${i + 1}, ${d.kind}, ${d.id}, ${d.locale}, ${d.title}, ${d.body}, ${d.url}, ${JSON.stringify(d.tags)}, 0)`);
			const t = indexTokens(d.title);
			const b = indexTokens(d.body);
			db.run(sql`insert into search_fts (rowid, title_bi, title_uni, body_bi, body_uni)
				values (${i + 1}, ${t.bi}, ${t.uni}, ${b.bi}, ${b.uni})`);
		});
		writeFileSync(journalPath, JSON.stringify(full));
		runMigrations(db, folder);
		const rows = db.all<{ id: number; facets: string }>(
			sql`select rowid as id, facets from search_fts order by rowid`
		);
		expect(rows.map((r) => r.facets)).toEqual(docs.map(documentFacets));
		expect(searchSite(db, 'retries', { tags: ['中文'] }).hits.map((h) => h.id)).toEqual(['2']);
		expect(searchSite(db, 'retries', { kinds: ['module'] }).hits.map((h) => h.id)).toEqual(['3']);
	});

	it('ranks reference documents in full and only the most recent stream matches', () => {
		const t = createTestDb();
		cleanups.push(t.cleanup);
		indexDocuments(t.db, [
			...Array.from({ length: 30 }, (_, i) => doc(i + 1)),
			doc(100, { kind: 'faq', id: 'faq-retries', title: 'Retries', body: 'retries retries' })
		]);
		const r = searchSite(t.db, 'retries', { limit: 100, rankLimit: 10 });
		expect(r.total).toBe(31);
		expect(r.ranked).toBe(11);
		const ids = r.hits.map((h) => h.id);
		expect(ids).toHaveLength(11);
		expect(ids).toContain('faq-retries');
		// The FAQ entry first, then the ten most recent questions (indexed last), newest first.
		expect(ids).toEqual(['faq-retries', ...Array.from({ length: 10 }, (_, i) => String(30 - i))]);
		// A question matching in its title comes before newer ones matching only in the body.
		indexDocuments(t.db, [doc(7, { title: 'Retries, again' })]);
		expect(searchSite(t.db, 'again', { limit: 3, rankLimit: 10 }).hits.map((h) => h.id)).toEqual([
			'7'
		]);
		indexDocuments(t.db, [doc(31, { title: 'Unrelated', body: 'retries' })]);
		const titled = searchSite(t.db, 'retries', { limit: 100, rankLimit: 10 }).hits.map((h) => h.id);
		expect(titled.slice(0, 2)).toEqual(['faq-retries', '30']);
		expect(titled.at(-1)).toBe('31');
		// Pages through the ranked ones; beyond them, nothing.
		const page2 = searchSite(t.db, 'retries', { limit: 5, offset: 5, rankLimit: 10 });
		expect(page2.hits).toHaveLength(5);
		expect(searchSite(t.db, 'retries', { limit: 5, offset: 11, rankLimit: 10 }).hits).toEqual([]);
		// Results are cached until the index changes: removing a document drops them.
		expect(searchSite(t.db, 'retries', { limit: 100, rankLimit: 10 })).toBe(
			searchSite(t.db, 'retries', { limit: 100, rankLimit: 10 })
		);
		removeDocuments(t.db, 'question', ['30']);
		expect(
			searchSite(t.db, 'retries', { limit: 100, rankLimit: 10 }).hits.map((h) => h.id)
		).not.toContain('30');
		indexDocuments(t.db, [doc(30)]);
		// Without a limit that bites, everything is ranked.
		expect(searchSite(t.db, 'retries', { limit: 100, rankLimit: 1000 }).ranked).toBe(32);
	});
});
