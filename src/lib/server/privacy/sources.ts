import { desc, eq, or, and } from 'drizzle-orm';
import type { Db } from '../db';
import { auditLog, cohorts, deletionRequests, type User } from '../db/schema';
import { getCohortsForUser } from '../cohorts/queries';
import { listNotifications } from '../notifications';
import { listUserSessions } from '../auth/session';
import { auditActionLabel } from '../audit';
import { m } from '../../paraglide/messages';
import { formatDateTime } from '../../format';
import { md, mdTable, registerExportSource, type ExportContext } from './export';

/**
 * The export sources for data that exists from the foundation on: profile, cohorts,
 * notifications, sessions and the account's history. Later features register theirs
 * (submissions, quiz attempts, posts, bookmarks) with registerExportSource.
 */

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const when = (d: Date | null | undefined, ctx: ExportContext) =>
	d ? formatDateTime(d, ctx.locale, ctx.timeZone) : null;

function profile(db: Db, user: User, ctx: ExportContext) {
	const opt = { locale: ctx.locale };
	const request = db
		.select()
		.from(deletionRequests)
		.where(eq(deletionRequests.userId, user.id))
		.get();
	const json = {
		id: user.id,
		email: user.email,
		displayName: user.displayName,
		role: user.role,
		locale: user.locale,
		timeZone: user.timeZone,
		createdAt: iso(user.createdAt),
		disabledAt: iso(user.disabledAt),
		deletionRequestedAt: iso(request?.requestedAt)
	};
	const markdown = [
		`# ${m.ops_export_profile({}, opt)}`,
		'',
		mdTable(
			[m.ops_export_field({}, opt), m.ops_export_value({}, opt)],
			[
				[m.ops_export_email({}, opt), user.email],
				[m.ops_export_display_name({}, opt), user.displayName],
				[m.ops_export_role({}, opt), user.role],
				[m.ops_export_language({}, opt), user.locale],
				[m.ops_export_time_zone({}, opt), user.timeZone],
				[m.ops_export_created({}, opt), when(user.createdAt, ctx)],
				...(request
					? [[m.ops_export_deletion_requested({}, opt), when(request.requestedAt, ctx)]]
					: [])
			]
		)
	].join('\n');
	return { title: m.ops_export_profile({}, opt), json, markdown };
}

function cohortsPart(db: Db, user: User, ctx: ExportContext) {
	const opt = { locale: ctx.locale };
	const member = getCohortsForUser(db, user.id).map((c) => ({
		id: c.id,
		name: c.name,
		startDate: c.startDate,
		endDate: c.endDate,
		timeZone: c.timeZone,
		joinedAt: iso(c.joinedAt)
	}));
	const owned = db
		.select({
			id: cohorts.id,
			name: cohorts.name,
			startDate: cohorts.startDate,
			endDate: cohorts.endDate,
			createdAt: cohorts.createdAt
		})
		.from(cohorts)
		.where(eq(cohorts.ownerId, user.id))
		.all()
		.map((c) => ({ ...c, createdAt: iso(c.createdAt) }));
	if (member.length === 0 && owned.length === 0) return null;
	const header = [m.ops_export_cohort({}, opt), m.ops_export_term({}, opt)];
	const markdown = [
		`# ${m.ops_export_cohorts({}, opt)}`,
		'',
		`## ${m.ops_export_cohorts_member({}, opt)}`,
		'',
		member.length
			? mdTable(
					[...header, m.ops_export_joined({}, opt)],
					member.map((c) => [
						c.name,
						`${c.startDate} – ${c.endDate}`,
						when(new Date(c.joinedAt!), ctx)
					])
				)
			: m.ops_export_none({}, opt),
		...(owned.length
			? [
					'',
					`## ${m.ops_export_cohorts_owned({}, opt)}`,
					'',
					mdTable(
						header,
						owned.map((c) => [c.name, `${c.startDate} – ${c.endDate}`])
					)
				]
			: [])
	].join('\n');
	return { title: m.ops_export_cohorts({}, opt), json: { member, owned }, markdown };
}

function notificationsPart(db: Db, user: User, ctx: ExportContext) {
	const opt = { locale: ctx.locale };
	const { rows } = listNotifications(db, user.id, ctx.locale, { pageSize: 100_000 });
	if (rows.length === 0) return null;
	const json = rows.map((n) => ({
		createdAt: iso(n.createdAt),
		readAt: iso(n.readAt),
		text: n.text,
		link: n.href
	}));
	const markdown = [
		`# ${m.ops_export_notifications({}, opt)}`,
		'',
		mdTable(
			[m.ops_export_when({}, opt), m.ops_export_text({}, opt), m.ops_export_read({}, opt)],
			rows.map((n) => [when(n.createdAt, ctx), n.text, when(n.readAt, ctx)])
		)
	].join('\n');
	return { title: m.ops_export_notifications({}, opt), json, markdown };
}

function sessionsPart(db: Db, user: User, ctx: ExportContext) {
	const opt = { locale: ctx.locale };
	// Session ids (hashes of the cookie) stay out: the export describes sessions, never opens one.
	const rows = listUserSessions(db, user.id, ctx.now.getTime());
	const json = rows.map((s) => ({
		createdAt: iso(s.createdAt),
		expiresAt: iso(s.expiresAt),
		userAgent: s.userAgent,
		ip: s.ip
	}));
	const markdown = [
		`# ${m.ops_export_sessions({}, opt)}`,
		'',
		mdTable(
			[m.ops_export_when({}, opt), m.ops_export_device({}, opt), m.ops_export_address({}, opt)],
			rows.map((s) => [when(s.createdAt, ctx), s.userAgent, s.ip])
		)
	].join('\n');
	return { title: m.ops_export_sessions({}, opt), json, markdown };
}

function historyPart(db: Db, user: User, ctx: ExportContext) {
	const opt = { locale: ctx.locale };
	// Changes made to this account and actions this user took; who else acted is not exported.
	const rows = db
		.select()
		.from(auditLog)
		.where(
			or(
				and(eq(auditLog.targetType, 'user'), eq(auditLog.targetId, String(user.id))),
				eq(auditLog.actorId, user.id)
			)
		)
		.orderBy(desc(auditLog.createdAt), desc(auditLog.id))
		.all();
	if (rows.length === 0) return null;
	const parse = (s: string | null) => (s === null ? null : (JSON.parse(s) as unknown));
	const json = rows.map((r) => ({
		at: iso(r.createdAt),
		action: r.action,
		byYou: r.actorId === user.id,
		target: `${r.targetType} ${r.targetId}`,
		before: parse(r.before),
		after: parse(r.after),
		reason: r.reason
	}));
	const markdown = [
		`# ${m.ops_export_history({}, opt)}`,
		'',
		mdTable(
			[m.ops_export_when({}, opt), m.ops_export_action({}, opt), m.ops_export_target({}, opt)],
			rows.map((r) => [
				when(r.createdAt, ctx),
				auditActionLabel(r.action),
				`${r.targetType} ${r.targetId}`
			])
		),
		'',
		md(m.ops_export_history_note({}, opt))
	].join('\n');
	return { title: m.ops_export_history({}, opt), json, markdown };
}

let registered = false;

/** Registers the foundation's export sources (idempotent; called by the privacy module). */
export function registerCoreExportSources(): void {
	if (registered) return;
	registered = true;
	registerExportSource('profile', profile);
	registerExportSource('cohorts', cohortsPart);
	registerExportSource('notifications', notificationsPart);
	registerExportSource('sessions', sessionsPart);
	registerExportSource('account-history', historyPart);
}
