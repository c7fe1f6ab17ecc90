import type { PageServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { formatDateTime } from '$lib/format';
import { getDb } from '$lib/server/db';
import { pageParam } from '$lib/server/paging';
import { requireRole } from '$lib/server/auth/guard';
import { auditActionLabel, listAuditEntries, listAuditFacets } from '$lib/server/audit';
import { startOfDayIn } from '$lib/server/time';

const PAGE_SIZE = 50;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "before → after" per changed key when both sides are objects; otherwise the raw JSON of each. */
function describeChange(
	before: string | null,
	after: string | null
): Array<{ key: string; before: string; after: string }> {
	const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));
	const b = parse(before);
	const a = parse(after);
	const isObj = (v: unknown): v is Record<string, unknown> =>
		typeof v === 'object' && v !== null && !Array.isArray(v);
	const show = (v: unknown) =>
		v === undefined || v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v);
	if ((isObj(b) || b === null) && (isObj(a) || a === null)) {
		const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])];
		return keys.map((key) => ({ key, before: show(b?.[key]), after: show(a?.[key]) }));
	}
	return [{ key: '', before: show(b), after: show(a) }];
}

export const load: PageServerLoad = (event) => {
	const admin = requireRole(event, 'admin');
	const q = event.url.searchParams;
	const text = (name: string, max = 100) => q.get(name)?.trim().slice(0, max) ?? '';
	const filters = {
		action: text('action'),
		targetType: text('targetType'),
		targetId: text('targetId'),
		actor: text('actor'),
		from: ISO_DATE.test(text('from')) ? text('from') : '',
		to: ISO_DATE.test(text('to')) ? text('to') : ''
	};
	const page = pageParam(q);
	const db = getDb();
	const locale = getLocale();
	// Dates are whole days in the admin's own time zone; "to" includes its day.
	const dayAfter = (d: string) => {
		const next = new Date(`${d}T12:00:00Z`);
		next.setUTCDate(next.getUTCDate() + 1);
		return next.toISOString().slice(0, 10);
	};
	const { rows, total } = listAuditEntries(
		db,
		{
			action: filters.action || undefined,
			targetType: filters.targetType || undefined,
			targetId: filters.targetId || undefined,
			actor: filters.actor || undefined,
			from: filters.from ? startOfDayIn(filters.from, admin.timeZone) : undefined,
			to: filters.to ? startOfDayIn(dayAfter(filters.to), admin.timeZone) : undefined
		},
		{ page, pageSize: PAGE_SIZE }
	);
	const facets = listAuditFacets(db);
	return {
		filters,
		actions: facets.actions.map((a) => ({ value: a, label: auditActionLabel(a) })),
		targetTypes: facets.targetTypes,
		rows: rows.map((r) => ({
			id: r.id,
			at: formatDateTime(r.createdAt, locale, admin.timeZone),
			actor: r.actorName ? `${r.actorName} <${r.actorEmail}>` : null,
			action: r.action,
			actionLabel: auditActionLabel(r.action),
			target: `${r.targetType} #${r.targetId}`,
			changes: describeChange(r.before, r.after),
			reason: r.reason
		})),
		total,
		page,
		pages: Math.max(1, Math.ceil(total / PAGE_SIZE))
	};
};
