import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../db';
import { cachedRead } from '../db/read-cache';
import { log } from '../log';
import type { Locale } from '../db/schema';
import { canManageCohort, getCohort } from '../cohorts';
import { listGradebookColumns, type GradebookColumn } from './gradebook-columns';
import type { Staff } from './scope';

/** Sort orders: by name, or by a column's points (`col:<key>`; learners without points last). */
export type GradebookQuery = {
	search?: string;
	/** "name" or a column key. */
	sort?: string;
	dir?: 'asc' | 'desc';
	page?: number;
	pageSize?: number;
	locale: Locale;
};

export type GradebookRow = {
	userId: number;
	name: string;
	email: string;
	/** Points per column (same order as the columns), rounded to 2 decimals; null = nothing counts. */
	cells: Array<number | null>;
};

/**
 * Points are shown and exported rounded to 2 decimals, half away from zero (SQLite `round`);
 * sorting uses the exact values.
 */
export const ROUNDING_RULE = 'round(points, 2), half away from zero';

const dialect = new SQLiteSyncDialect();

/**
 * The "gradebook" generation: a counter that SQLite triggers ({@link GRADEBOOK_TRIGGERS},
 * migrations 0016–0017) move on every write that can change a gradebook value, whoever writes.
 */
export function gradebookGeneration(db: Db): number {
	return (
		db.get<{ n: number }>(sql`select n from cache_generations where scope = 'gradebook'`)?.n ?? 0
	);
}

/**
 * The triggers that move the "gradebook" generation (migrations 0016 and 0017), by table: a write
 * of each listed kind to the table moves it. Rebuilding a table (as drizzle-kit does to change a
 * SQLite column) drops its triggers; {@link gradebookCacheUsable} then turns the cache off.
 */
export const GRADEBOOK_TRIGGERS: Record<string, Array<'insert' | 'update' | 'delete'>> = {
	quiz_attempts: ['insert', 'update', 'delete'],
	grade_releases: ['insert', 'update', 'delete'],
	submissions: ['update', 'delete'],
	lab_attempts: ['insert', 'update', 'delete'],
	feedback: ['insert', 'update', 'delete'],
	feedback_criteria: ['insert', 'update', 'delete'],
	cohort_members: ['insert', 'update', 'delete'],
	users: ['update', 'delete']
};

const usable = new WeakMap<object, boolean>();

/**
 * True when every trigger of {@link GRADEBOOK_TRIGGERS} exists on this database (checked once per
 * connection). When one is missing the gradebook reads uncached, and an error is logged once: a
 * cached value could otherwise outlive its data.
 */
export function gradebookCacheUsable(db: Db): boolean {
	const key = db.$client;
	let ok = usable.get(key);
	if (ok === undefined) {
		const present = new Set(
			db
				.all<{ name: string }>(
					sql`select name from sqlite_master where type = 'trigger' and name like '%_gradebook_generation'`
				)
				.map((r) => r.name)
		);
		const missing = Object.entries(GRADEBOOK_TRIGGERS).flatMap(([table, events]) =>
			events.map((e) => `${table}_${e}_gradebook_generation`).filter((name) => !present.has(name))
		);
		ok = missing.length === 0;
		if (!ok) log.error({ missing }, 'gradebook cache off: generation triggers are missing');
		usable.set(key, ok);
	}
	return ok;
}

/**
 * `shape(db.all(query))` through the read cache ("gradebook" scope), keyed by the query's SQL text
 * and parameters (SHA-256) within one gradebook generation: the same query over the same data gives
 * the same rows, and any write to the data moves the generation. Thousands of learners make the
 * gradebook's queries cost milliseconds; an instructor paging, sorting and switching charts
 * repeats them. The shaped value is kept (deep-frozen), so shaping is not repeated either.
 */
function cachedQuery<T, R>(db: Db, generation: number, query: SQL, shape: (rows: T[]) => R): R {
	if (!gradebookCacheUsable(db)) return shape(db.all<T>(query));
	const { sql: text, params } = dialect.sqlToQuery(query);
	const key = createHash('sha256').update(text).update('\0').update(JSON.stringify(params));
	return cachedRead(db, 'gradebook', `${generation}:${key.digest('base64')}`, () =>
		shape(db.all<T>(query))
	);
}

/** {@link cachedQuery} keeping the rows as they are. */
function cachedAll<T>(db: Db, generation: number, query: SQL): T[] {
	return cachedQuery<T, T[]>(db, generation, query, (rows) => rows);
}

function members(cohortId: number, search: string | undefined): SQL {
	const q = search?.trim();
	const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
	return sql`from cohort_members cm join users u on u.id = cm.user_id
		where cm.cohort_id = ${cohortId}
		${pattern ? sql`and (u.display_name like ${pattern} escape '\\' or u.email like ${pattern} escape '\\')` : sql``}`;
}

function select(columns: GradebookColumn[]): SQL {
	const cells = columns.map((c, i) => sql`, ${c.points(sql`u.id`)} as ${sql.raw(`c${i}`)}`);
	return sql`select u.id as userId, u.display_name as name, u.email as email ${sql.join(cells, sql``)}`;
}

function toRow(r: Record<string, unknown>, n: number): GradebookRow {
	const cells: Array<number | null> = [];
	for (let i = 0; i < n; i++) {
		const v = r[`c${i}`];
		cells.push(typeof v === 'number' ? Math.round((v + Number.EPSILON) * 100) / 100 : null);
	}
	return { userId: r.userId as number, name: r.name as string, email: r.email as string, cells };
}

/** True when `staff` may see cohort `cohortId`'s gradebook (its owner, or an admin). */
export function canSeeGradebook(db: Db, staff: Staff, cohortId: number): boolean {
	const cohort = getCohort(db, cohortId);
	return !!cohort && canManageCohort(staff, cohort);
}

/**
 * One page of a cohort's gradebook: learners (cohort members) × every gradebook column, searched by
 * name or email, sorted by name or a column's points, paged — all in one SQL query, so it stays
 * fast with thousands of learners. Null when `staff` may not see the cohort.
 */
export function listGradebook(
	db: Db,
	staff: Staff,
	cohortId: number,
	q: GradebookQuery
): { columns: GradebookColumn[]; rows: GradebookRow[]; total: number } | null {
	if (!canSeeGradebook(db, staff, cohortId)) return null;
	const columns = listGradebookColumns(db, q.locale);
	const pageSize = q.pageSize ?? 50;
	const offset = (Math.max(1, q.page ?? 1) - 1) * pageSize;
	const from = members(cohortId, q.search);
	const generation = gradebookGeneration(db);
	const total = cachedQuery<{ n: number }, number>(
		db,
		generation,
		sql`select count(*) as n ${from}`,
		(r) => r[0]?.n ?? 0
	);
	const dir = q.dir === 'desc' ? sql`desc` : sql`asc`;
	const col = columns.findIndex((c) => c.key === q.sort);
	const order =
		col >= 0
			? sql`${sql.raw(`c${col}`)} is null, ${sql.raw(`c${col}`)} ${dir}, u.display_name asc, u.id asc`
			: sql`u.display_name ${dir}, u.id ${dir}`;
	const rows = cachedQuery<Record<string, unknown>, GradebookRow[]>(
		db,
		generation,
		sql`${select(columns)} ${from} order by ${order} limit ${pageSize} offset ${offset}`,
		(r) => r.map((x) => toRow(x, columns.length))
	);
	return { columns, rows, total };
}

/**
 * A text cell made safe for spreadsheets (OWASP "CSV Injection"): a value starting with `=`, `+`,
 * `-`, `@`, a tab or a carriage return would be read as a formula by Excel, LibreOffice or Sheets,
 * so it gets a leading `'`, which they show as text. Only text we did not produce (names, emails,
 * titles) goes through it; the points are our own numbers.
 */
export function csvText(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The whole gradebook of a cohort as CSV for Excel: UTF-8 with a byte-order mark, CRLF line ends,
 * one value per cell, fields with commas, quotes or newlines quoted (quotes doubled) by
 * csv-stringify, text cells that would start a formula neutralised ({@link csvText}). Columns:
 * name, email, then each item's points ({@link ROUNDING_RULE}); the header names each item with
 * its maximum. Null when `staff` may not see the cohort.
 */
export function gradebookCsv(
	db: Db,
	staff: Staff,
	cohortId: number,
	locale: Locale,
	header: { name: string; email: string; max: (title: string, max: number | null) => string }
): string | null {
	if (!canSeeGradebook(db, staff, cohortId)) return null;
	const columns = listGradebookColumns(db, locale);
	const rows = db
		.all<Record<string, unknown>>(
			sql`${select(columns)} ${members(cohortId, undefined)} order by u.display_name asc, u.id asc`
		)
		.map((r) => toRow(r, columns.length));
	const records = [
		[header.name, header.email, ...columns.map((c) => header.max(c.title, c.maxPoints))].map(
			csvText
		),
		...rows.map((r) => [
			csvText(r.name),
			csvText(r.email),
			...r.cells.map((v) => (v === null ? '' : v.toFixed(2)))
		])
	];
	return '\ufeff' + stringify(records, { record_delimiter: 'windows', quoted_match: /[,"\r\n]/ });
}

/** Bucket counts of one column's points over the cohort: ten 10 % buckets (the last includes 100 %). */
export function scoreDistribution(
	db: Db,
	staff: Staff,
	cohortId: number,
	column: GradebookColumn
): { buckets: number[]; graded: number } | null {
	if (!canSeeGradebook(db, staff, cohortId) || !column.maxPoints) return null;
	const rows = cachedAll<{
		b: number;
		n: number;
	}>(
		db,
		gradebookGeneration(db),
		sql`select min(9, cast(p * 10.0 / ${column.maxPoints} as integer)) as b, count(*) as n
		from (select ${column.points(sql`u.id`)} as p ${members(cohortId, undefined)}) where p is not null group by b`
	);
	const buckets = Array.from({ length: 10 }, () => 0);
	for (const r of rows) buckets[Math.max(0, r.b)] += r.n;
	return { buckets, graded: buckets.reduce((a, b) => a + b, 0) };
}

/**
 * The released submissions of a cohort's learners on an exercise — each learner's latest submission
 * that has a release, with its newest release (the order the gradebook's exercise column uses:
 * submission id, then release id, newest first) — with the id of that submission's newest model
 * feedback (null without one).
 */
function releasedOf(cohortId: number, itemId: string): SQL {
	return sql`with latest as (
			select r.submission_id as submissionId, r.criteria as criteria,
				row_number() over (partition by s.user_id order by s.id desc, r.id desc) as n
			from grade_releases r join submissions s on s.id = r.submission_id
			where s.item_id = ${itemId}
			and s.user_id in (select user_id from cohort_members where cohort_id = ${cohortId}))
		select submissionId, criteria,
			(select max(f.id) from feedback f where f.submission_id = latest.submissionId and f.source = 'model') as modelFeedbackId
		from latest where n = 1`;
}

export type CriterionStats = {
	criterionId: string;
	/** Average released level (0 = lowest), 2 decimals; null when none released. */
	averageLevel: number | null;
	released: number;
	/** Released grades whose submission has AI (model) feedback on this criterion. */
	compared: number;
	/** Of those, how many have the same level as the AI suggested. */
	agree: number;
	/** Submissions where the released level differs from the AI-suggested one. */
	differing: Array<{ submissionId: number; released: number; suggested: number }>;
};

/**
 * Per criterion of an exercise, over a cohort's released grades: the average released level, and
 * agreement with the AI-suggested level (the newest model feedback of the same submission; offline
 * checks are not AI and are left out), with the submissions where they differ. Null when `staff`
 * may not see the cohort.
 */
export function criterionStats(
	db: Db,
	staff: Staff,
	cohortId: number,
	itemId: string
): CriterionStats[] | null {
	if (!canSeeGradebook(db, staff, cohortId)) return null;
	// One row per released submission, its criteria (JSON) parsed here rather than by SQLite's
	// json_each, which cost most of the query.
	const rows = cachedQuery<
		{ submissionId: number; criteria: string; suggested: string | null },
		Array<{ submissionId: number; criterionId: string; level: number; suggested: number | null }>
	>(
		db,
		gradebookGeneration(db),
		sql`with rel as (${releasedOf(cohortId, itemId)})
		select rel.submissionId as submissionId, rel.criteria as criteria,
			(select json_group_object(fc.criterion_id, fc.level) from feedback_criteria fc
				where fc.feedback_id = rel.modelFeedbackId) as suggested
		from rel order by rel.submissionId`,
		(released) =>
			released.flatMap((r) => {
				// A Map, not an object: a criterion id such as "constructor" must not find Object's own.
				const suggested = new Map<string, number>(
					Object.entries(r.suggested ? JSON.parse(r.suggested) : {})
				);
				return (JSON.parse(r.criteria) as Array<{ criterionId: string; level: number }>).map(
					(c) => ({
						submissionId: r.submissionId,
						criterionId: c.criterionId,
						level: c.level,
						suggested: suggested.get(c.criterionId) ?? null
					})
				);
			})
	);
	const stats = new Map<string, CriterionStats & { sum: number }>();
	for (const r of rows) {
		const s =
			stats.get(r.criterionId) ??
			({
				criterionId: r.criterionId,
				averageLevel: null,
				released: 0,
				compared: 0,
				agree: 0,
				differing: [],
				sum: 0
			} as CriterionStats & { sum: number });
		s.released += 1;
		s.sum += r.level;
		if (r.suggested !== null) {
			s.compared += 1;
			if (r.suggested === r.level) s.agree += 1;
			else
				s.differing.push({
					submissionId: r.submissionId,
					released: r.level,
					suggested: r.suggested
				});
		}
		stats.set(r.criterionId, s);
	}
	return [...stats.values()].map(({ sum, ...s }) => ({
		...s,
		averageLevel: s.released ? Math.round((sum / s.released) * 100) / 100 : null
	}));
}
