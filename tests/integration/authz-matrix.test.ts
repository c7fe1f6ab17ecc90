import { beforeAll, describe, expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { inject } from 'vitest';
import { baseUrl, get, postForm, serverDb } from '../support/http';
import { makeSession, makeUser } from '../support/factories';
import { cohortMembers, type User } from '../../src/lib/server/db/schema';
import { createCohort } from '../../src/lib/server/cohorts';
import { notify } from '../../src/lib/server/notifications';
import { createBackup } from '../../src/lib/server/backup';
import { submitExercise } from '../../src/lib/server/exercises';
import { startAttempt } from '../../src/lib/server/quiz/attempts';
import { makeThread } from '../support/forum';
import { getThreadView, promoteThread } from '../../src/lib/server/forum';
import { getLabPage, submitLab } from '../../src/lib/server/labs';

/**
 * The authorisation matrix: every page, form action and endpoint of the route tree × every role →
 * the expected answer. The route tree is read from the files (import.meta.glob), so a new route,
 * action or endpoint method fails the first test until it has a row here — it cannot be forgotten.
 *
 * Roles: a visitor, two learners (A owns the fixtures a learner can own; B asks for them), an
 * instructor (owns the fixture cohort, so teaches A), another instructor (owns a cohort of their
 * own, without A: asks for A's work like learner B) and an admin. Each request uses a fresh session of that
 * role's user, so actions that end sessions do not disturb the next cell. Actions are posted with
 * the fields in `form` (usually none: the point is who gets past the guard, not the happy path).
 *
 * What learner B gets when asking for learner A's submission, draft, quiz attempt, export and
 * notifications is checked by content (not only status) in authz-cross-learner.test.ts.
 *
 * Expected values: a status number; `LOGIN` = 303 to the login page with `redirectTo`; `'→/path'`
 * = 303 whose Location starts with `/path` (paths as the English site answers them).
 */

const ROLES = [
	'visitor',
	'learnerA',
	'learnerB',
	'instructor',
	'otherInstructor',
	'admin'
] as const;
type Who = (typeof ROLES)[number];
type Outcome = number | typeof LOGIN | `→${string}`;
type Expected = Record<Who, Outcome>;
const LOGIN = 'login' as const;

/** What the fixtures give a row to build its path and fields from. */
type Fixtures = {
	cohortId: number;
	/** A notification of learner A. */
	notificationA: number;
	backupName: string;
	/** A design-exercise submission of learner A. */
	submissionA: number;
	/** An open quiz attempt of learner A (at QUIZ). */
	attemptA: number;
	/** A Q&A thread asked by learner A, its question post, and an FAQ entry promoted from it. */
	threadId: number;
	questionId: number;
	faqId: number;
	/** A capacity-lab attempt of learner A (at LAB). */
	labAttemptA: number;
};
type Check = {
	path: (f: Fixtures) => string;
	form?: (f: Fixtures) => Record<string, string>;
	expect: Expected;
};
type Row = {
	/** GET of the page, or of a `+server.ts` GET handler. */
	GET?: Check;
	/** Form actions of `+page.server.ts`, by name ("default" for the unnamed one). */
	actions?: Record<string, Check>;
	/** Other `+server.ts` methods, sent as JSON (`form` is the body) with the site's Origin. */
	POST?: Check;
	PUT?: Check;
	PATCH?: Check;
	DELETE?: Check;
};

const every = (o: Outcome): Expected => ({
	visitor: o,
	learnerA: o,
	learnerB: o,
	instructor: o,
	otherInstructor: o,
	admin: o
});
const signedIn = (o: Outcome): Expected => ({ ...every(o), visitor: LOGIN });
const staff = (o: Outcome): Expected => ({
	...signedIn(403),
	instructor: o,
	otherInstructor: o,
	admin: o
});
/** Staff who teach learner A (the fixture cohort's owner, admins); the other instructor gets `other`. */
const teachersOfA = (o: Outcome, other: Outcome = 404): Expected => ({
	...staff(o),
	otherInstructor: other
});
const admins = (o: Outcome): Expected => ({ ...signedIn(403), admin: o });
const visitorsOnly = (o: Outcome, signedInGoesTo: Outcome): Expected => ({
	...every(signedInGoesTo),
	visitor: o
});
const at = (path: string) => () => path;

/** Content synced from cases/ at the shared server's start. */
const MODULE = 'overview';
const CASE = 'banking-customer-service';
const EXERCISE = 'banking-kb-design';
const QUIZ = 'module-01';
const LAB = 'capacity-cost-support-assistant';
/** Bookmark and read marks of an item page: any signed-in user, back to the page. */
const readingActions = (page: string): Record<string, Check> =>
	Object.fromEntries(
		['bookmark', 'unbookmark', 'markRead', 'markUnread'].map((name) => [
			name,
			{ path: at(`${page}?/${name}`), expect: signedIn(`→${page}`) }
		])
	);

export const MATRIX: Record<string, Row> = {
	'/': { GET: { path: at('/en'), expect: every(200) } },
	'/healthz': { GET: { path: at('/healthz'), expect: every(200) } },
	// The benchmark's baseline page exists only with BENCH=1 (npm run bench).
	'/bench/baseline': { GET: { path: at('/en/bench/baseline'), expect: every(404) } },
	'/about/architecture': { GET: { path: at('/en/about/architecture'), expect: every(200) } },
	'/modules': { GET: { path: at('/en/modules'), expect: every(200) } },
	'/modules/[slug]': {
		GET: { path: at(`/en/modules/${MODULE}`), expect: every(200) },
		actions: readingActions(`/en/modules/${MODULE}`)
	},
	'/cases': { GET: { path: at('/en/cases'), expect: every(200) } },
	'/cases/[slug]': {
		GET: { path: at(`/en/cases/${CASE}`), expect: every(200) },
		actions: readingActions(`/en/cases/${CASE}`)
	},
	'/references': { GET: { path: at('/en/references'), expect: every(200) } },
	'/quizzes': { GET: { path: at('/en/quizzes'), expect: every(200) } },
	'/quizzes/[slug]': {
		GET: { path: at(`/en/quizzes/${QUIZ}`), expect: every(200) },
		// Starts (or resumes) the user's own attempt and opens it.
		actions: {
			start: {
				path: at(`/en/quizzes/${QUIZ}?/start`),
				expect: signedIn(`→/en/quizzes/${QUIZ}/attempts/`)
			}
		}
	},
	'/quizzes/[slug]/attempts/[id]': {
		// Learner A's attempt: everyone else is told it does not exist.
		GET: {
			path: (f) => `/en/quizzes/${QUIZ}/attempts/${f.attemptA}`,
			expect: { ...signedIn(404), learnerA: 200 }
		},
		actions: {
			save: {
				path: (f) => `/en/quizzes/${QUIZ}/attempts/${f.attemptA}?/save`,
				expect: { ...signedIn(404), learnerA: `→/en/quizzes/${QUIZ}/attempts/` }
			},
			submit: {
				path: (f) => `/en/quizzes/${QUIZ}/attempts/${f.attemptA}?/submit`,
				expect: { ...signedIn(404), learnerA: `→/en/quizzes/${QUIZ}/attempts/` }
			}
		}
	},
	'/exercises': { GET: { path: at('/en/exercises'), expect: every(200) } },
	'/exercises/[slug]': {
		GET: { path: at(`/en/exercises/${EXERCISE}`), expect: every(200) },
		// Empty forms: past the guard, refused by validation (nothing is stored).
		actions: {
			saveDraft: { path: at(`/en/exercises/${EXERCISE}?/saveDraft`), expect: signedIn(400) },
			submit: { path: at(`/en/exercises/${EXERCISE}?/submit`), expect: signedIn(400) }
		}
	},
	// JSON endpoints answer a visitor 401 rather than a redirect to the login page.
	'/exercises/[slug]/draft': {
		PUT: { path: at(`/en/exercises/${EXERCISE}/draft`), expect: { ...signedIn(400), visitor: 401 } }
	},
	'/exercises/[slug]/preview': {
		POST: {
			path: at(`/en/exercises/${EXERCISE}/preview`),
			form: () => ({ body: '## Preview' }),
			expect: { ...signedIn(200), visitor: 401 }
		}
	},
	// Learner A's submission: A and the staff who teach A see it; learner B and the instructor of
	// another cohort are told it does not exist.
	'/submissions/[id]': {
		GET: {
			path: (f) => `/en/submissions/${f.submissionA}`,
			expect: { ...signedIn(200), learnerB: 404, otherInstructor: 404 }
		},
		actions: {
			// The private thread: learner A and the staff who grade A (the fixture cohort's owner, admins).
			comment: {
				path: (f) => `/en/submissions/${f.submissionA}?/comment`,
				form: () => ({ body: 'Matrix comment' }),
				expect: { ...signedIn('→/en/submissions/'), learnerB: 404, otherInstructor: 404 }
			},
			// Only the author may ask; A's grade is not released, so A is refused with 409.
			regrade: {
				path: (f) => `/en/submissions/${f.submissionA}?/regrade`,
				form: () => ({ body: 'Please look again' }),
				expect: { ...signedIn(404), learnerA: 409 }
			}
		}
	},
	// The event stream never ends, so the table asks for a missing submission (the owner's stream
	// and learner B's 404 on it are in exercises.test.ts).
	'/submissions/[id]/events': {
		GET: { path: at('/en/submissions/999999/events'), expect: { ...signedIn(404), visitor: 401 } }
	},
	'/labs': { GET: { path: at('/en/labs'), expect: every(200) } },
	'/labs/[slug]': {
		GET: { path: at(`/en/labs/${LAB}`), expect: every(200) },
		// An empty form: past the guard, refused by validation (nothing is stored).
		actions: { submit: { path: at(`/en/labs/${LAB}?/submit`), expect: signedIn(400) } }
	},
	// Learner A's lab attempt: A and the staff who teach A see it; anyone else is told it does not exist.
	'/labs/[slug]/attempts/[id]': {
		GET: {
			path: (f) => `/en/labs/${LAB}/attempts/${f.labAttemptA}`,
			expect: { ...signedIn(200), learnerB: 404, otherInstructor: 404 }
		}
	},
	'/instructor/labs': { GET: { path: at('/en/instructor/labs'), expect: staff(200) } },
	'/instructor/quizzes': { GET: { path: at('/en/instructor/quizzes'), expect: staff(200) } },
	'/instructor/grading': {
		GET: { path: at('/en/instructor/grading?state=all'), expect: staff(200) },
		// Nothing selected: past the guard, refused by validation.
		actions: { release: { path: at('/en/instructor/grading?/release'), expect: staff(400) } }
	},
	// Learner A is in the instructor's cohort; learners (A included) get 403 on the staff view, the
	// instructor of another cohort 404. Well-formed forms, so each cell reaches the access check:
	// the save lacks levels (400 for A's graders), the rest succeed.
	'/instructor/grading/[id]': {
		GET: { path: (f) => `/en/instructor/grading/${f.submissionA}`, expect: teachersOfA(200) },
		actions: {
			save: {
				path: (f) => `/en/instructor/grading/${f.submissionA}?/save`,
				form: () => ({ intent: 'draft' }),
				expect: teachersOfA(400)
			},
			comment: {
				path: (f) => `/en/instructor/grading/${f.submissionA}?/comment`,
				form: () => ({ body: 'Matrix staff comment' }),
				expect: teachersOfA('→/en/instructor/grading/')
			},
			extend: {
				path: (f) => `/en/instructor/grading/${f.submissionA}?/extend`,
				form: () => ({ dueAt: '2099-01-01T12:00', reason: 'Matrix' }),
				expect: teachersOfA('→/en/instructor/grading/')
			},
			revokeExtension: {
				path: (f) => `/en/instructor/grading/${f.submissionA}?/revokeExtension`,
				expect: teachersOfA('→/en/instructor/grading/')
			}
		}
	},
	'/instructor/gradebook': {
		GET: {
			path: (f) => `/en/instructor/gradebook?cohort=${f.cohortId}`,
			expect: teachersOfA(200)
		}
	},
	'/instructor/gradebook/export': {
		GET: {
			path: (f) => `/en/instructor/gradebook/export?cohort=${f.cohortId}`,
			expect: teachersOfA(200)
		}
	},
	'/instructor/quizzes/[slug]': {
		GET: { path: at(`/en/instructor/quizzes/${QUIZ}`), expect: staff(200) }
	},
	'/instructor/usage': { GET: { path: at('/en/instructor/usage'), expect: staff(200) } },
	// Empty forms: past the guard, refused by validation (no batch is started or cancelled).
	'/instructor/regrade': {
		GET: { path: at('/en/instructor/regrade'), expect: staff(200) },
		actions: {
			start: { path: at('/en/instructor/regrade?/start'), expect: staff(400) },
			cancel: { path: at('/en/instructor/regrade?/cancel'), expect: staff(400) }
		}
	},
	'/search': { GET: { path: at('/en/search?q=API'), expect: every(200) } },
	// Off on the shared server (no METRICS_TOKEN): the token case is in metrics.test.ts.
	'/metrics': { GET: { path: at('/metrics'), expect: every(404) } },
	'/login': {
		GET: { path: at('/en/login'), expect: visitorsOnly(200, '→/en') },
		// A refused form re-renders the page, whose load sends a signed-in user on.
		actions: { login: { path: at('/en/login?/login'), expect: visitorsOnly(400, '→/en') } }
	},
	'/logout': {
		GET: { path: at('/en/logout'), expect: every('→/en') },
		actions: { default: { path: at('/en/logout'), expect: every('→/en') } }
	},
	'/register': {
		GET: { path: at('/en/register'), expect: visitorsOnly(200, '→/en') },
		actions: {
			register: { path: at('/en/register?/register'), expect: visitorsOnly(400, '→/en') }
		}
	},
	'/forgot-password': {
		GET: { path: at('/en/forgot-password'), expect: visitorsOnly(200, '→/en/account') },
		// No SMTP on the shared server: self-service reset is off for everyone.
		actions: {
			request: {
				path: at('/en/forgot-password?/request'),
				expect: visitorsOnly(404, '→/en/account')
			}
		}
	},
	'/reset/[token]': {
		// An unknown token is a page saying so, for anyone.
		GET: { path: at('/en/reset/not-a-real-token'), expect: every(200) },
		actions: { reset: { path: at('/en/reset/not-a-real-token?/reset'), expect: every(400) } }
	},
	'/account': {
		GET: { path: at('/en/account'), expect: signedIn(200) },
		actions: {
			saveProfile: { path: at('/en/account?/saveProfile'), expect: signedIn(400) },
			changeEmail: { path: at('/en/account?/changeEmail'), expect: signedIn(400) },
			changePassword: { path: at('/en/account?/changePassword'), expect: signedIn(400) },
			joinCohort: { path: at('/en/account?/joinCohort'), expect: signedIn(400) },
			requestDeletion: { path: at('/en/account?/requestDeletion'), expect: signedIn(400) },
			cancelDeletion: {
				path: at('/en/account?/cancelDeletion'),
				expect: signedIn('→/en/account?saved=deletionCancelled')
			},
			signOutEverywhere: {
				path: at('/en/account?/signOutEverywhere'),
				expect: signedIn('→/en/login')
			}
		}
	},
	'/account/export': { GET: { path: at('/en/account/export'), expect: signedIn(200) } },
	'/notifications': {
		GET: { path: at('/en/notifications'), expect: signedIn(200) },
		actions: {
			// Learner A's notification: only A may mark it; everyone else is told it does not exist.
			markRead: {
				path: at('/en/notifications?/markRead'),
				form: (f) => ({ id: String(f.notificationA) }),
				expect: { ...signedIn(404), learnerA: 200 }
			},
			markAllRead: { path: at('/en/notifications?/markAllRead'), expect: signedIn(200) }
		}
	},
	'/cohorts': {
		GET: { path: at('/en/cohorts'), expect: staff(200) },
		actions: { create: { path: at('/en/cohorts?/create'), expect: staff(400) } }
	},
	'/cohorts/[id]': {
		// The fixture cohort belongs to the instructor; admins manage every cohort; to the other
		// instructor it does not exist.
		GET: { path: (f) => `/en/cohorts/${f.cohortId}`, expect: teachersOfA(200) },
		actions: {
			update: { path: (f) => `/en/cohorts/${f.cohortId}?/update`, expect: teachersOfA(400) },
			regenerateCode: {
				path: (f) => `/en/cohorts/${f.cohortId}?/regenerateCode`,
				expect: teachersOfA(200)
			},
			removeMember: {
				path: (f) => `/en/cohorts/${f.cohortId}?/removeMember`,
				expect: teachersOfA(400)
			}
		}
	},
	'/admin/users': {
		GET: { path: at('/en/admin/users'), expect: admins(200) },
		actions: {
			setRole: { path: at('/en/admin/users?/setRole'), expect: admins(400) },
			setDisabled: { path: at('/en/admin/users?/setDisabled'), expect: admins(400) },
			issueResetLink: { path: at('/en/admin/users?/issueResetLink'), expect: admins(400) }
		}
	},
	'/admin/settings': {
		GET: { path: at('/en/admin/settings'), expect: admins(200) },
		// An empty save changes nothing and lands back on the page.
		actions: {
			save: { path: at('/en/admin/settings?/save'), expect: admins('→/en/admin/settings') }
		}
	},
	'/admin/audit': { GET: { path: at('/en/admin/audit'), expect: admins(200) } },
	'/admin/deletions': {
		GET: { path: at('/en/admin/deletions'), expect: admins(200) },
		actions: { confirm: { path: at('/en/admin/deletions?/confirm'), expect: admins(400) } }
	},
	'/admin/backups': {
		GET: { path: at('/en/admin/backups'), expect: admins(200) },
		actions: {
			create: { path: at('/en/admin/backups?/create'), expect: admins('→/en/admin/backups') }
		}
	},
	'/questions': { GET: { path: at('/en/questions'), expect: every(200) } },
	'/questions/similar': {
		GET: { path: at('/en/questions/similar?q=RAG'), expect: every(200) }
	},
	'/questions/ask': {
		GET: { path: at('/en/questions/ask'), expect: signedIn(200) },
		actions: {
			preview: { path: at('/en/questions/ask?/preview'), expect: signedIn(400) },
			ask: { path: at('/en/questions/ask?/ask'), expect: signedIn(400) }
		}
	},
	'/questions/[id]': {
		GET: { path: (f) => `/en/questions/${f.threadId}`, expect: every(200) },
		actions: {
			...Object.fromEntries(
				['answer', 'comment', 'vote', 'accept', 'flag'].map((name) => [
					name,
					{ path: (f: Fixtures) => `/en/questions/${f.threadId}?/${name}`, expect: signedIn(400) }
				])
			),
			...Object.fromEntries(
				['endorse', 'hide', 'restore', 'dismissFlags', 'duplicate'].map((name) => [
					name,
					{ path: (f: Fixtures) => `/en/questions/${f.threadId}?/${name}`, expect: staff(400) }
				])
			),
			// Thread-level switches with nothing to fill in: staff land back on the thread.
			...Object.fromEntries(
				['lock', 'unlock', 'pin', 'unpin', 'reopen'].map((name) => [
					name,
					{
						path: (f: Fixtures) => `/en/questions/${f.threadId}?/${name}`,
						expect: staff('→/en/questions/')
					}
				])
			)
		}
	},
	// Learner A asked: A (in the edit window) and staff may edit; learner B may not.
	'/questions/[id]/posts/[postId]/edit': {
		GET: {
			path: (f) => `/en/questions/${f.threadId}/posts/${f.questionId}/edit`,
			expect: { ...staff(200), learnerA: 200 }
		},
		actions: {
			save: {
				path: (f) => `/en/questions/${f.threadId}/posts/${f.questionId}/edit?/save`,
				expect: { ...staff(400), learnerA: 400 }
			}
		}
	},
	'/questions/[id]/posts/[postId]/history': {
		GET: {
			path: (f) => `/en/questions/${f.threadId}/posts/${f.questionId}/history`,
			expect: every(200)
		}
	},
	'/questions/[id]/promote': {
		GET: { path: (f) => `/en/questions/${f.threadId}/promote`, expect: staff(200) },
		actions: {
			promote: { path: (f) => `/en/questions/${f.threadId}/promote?/promote`, expect: staff(400) }
		}
	},
	'/faq': { GET: { path: at('/en/faq?q=RAG'), expect: every(200) } },
	'/faq/[slug]': {
		GET: { path: (f) => `/en/faq/${f.faqId}`, expect: every(200) },
		// Seeded entries belong to their files: nothing to remove here.
		actions: { delete: { path: at('/en/faq/cost-control?/delete'), expect: staff(404) } }
	},
	'/faq/[slug]/edit': {
		GET: { path: (f) => `/en/faq/${f.faqId}/edit`, expect: staff(200) },
		actions: { save: { path: (f) => `/en/faq/${f.faqId}/edit?/save`, expect: staff(400) } }
	},
	'/instructor/moderation': {
		GET: { path: at('/en/instructor/moderation'), expect: staff(200) },
		actions: {
			hide: { path: at('/en/instructor/moderation?/hide'), expect: staff(400) },
			dismiss: { path: at('/en/instructor/moderation?/dismiss'), expect: staff(400) },
			restore: { path: at('/en/instructor/moderation?/restore'), expect: staff(400) }
		}
	},
	'/admin/backups/[name]': {
		GET: { path: (f) => `/en/admin/backups/${f.backupName}`, expect: admins(200) }
	}
};

// ---------------------------------------------------------------------------------------------
// The route tree, read from the files.

const pageServers = import.meta.glob<{ actions?: Record<string, unknown> }>(
	'/src/routes/**/+page.server.ts'
);
const endpoints = import.meta.glob<Record<string, unknown>>('/src/routes/**/+server.ts');
const pages = import.meta.glob('/src/routes/**/+page.svelte');

const routeId = (file: string) =>
	'/' +
	dirname(file)
		.replace(/^\/src\/routes\/?/, '')
		.replace(/\/$/, '');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** How a cell is requested: a page GET, a form action (form post), or an endpoint method (JSON). */
type Kind = 'GET' | 'action' | Exclude<(typeof METHODS)[number], 'GET'>;

/** Every (route, GET | action name | method) the files define, as "route id · what". */
async function routeTree(): Promise<string[]> {
	const out = new Set<string>();
	for (const file of Object.keys(pages)) out.add(`${routeId(file)} · GET`);
	for (const [file, load] of Object.entries(pageServers)) {
		const id = routeId(file);
		out.add(`${id} · GET`);
		for (const name of Object.keys((await load()).actions ?? {})) out.add(`${id} · action ${name}`);
	}
	for (const [file, load] of Object.entries(endpoints)) {
		const mod = await load();
		for (const method of METHODS) if (method in mod) out.add(`${routeId(file)} · ${method}`);
	}
	return [...out].sort();
}

/** Every (route, what) the matrix covers, in the same notation. */
function matrixEntries(): string[] {
	const out: string[] = [];
	for (const [id, row] of Object.entries(MATRIX)) {
		for (const method of METHODS) if (row[method]) out.push(`${id} · ${method}`);
		for (const name of Object.keys(row.actions ?? {})) out.push(`${id} · action ${name}`);
	}
	return out.sort();
}

describe('authorisation matrix', () => {
	it('covers every page, action and endpoint in src/routes (and nothing that is gone)', async () => {
		const tree = await routeTree();
		const covered = matrixEntries();
		expect({
			missingFromMatrix: tree.filter((e) => !covered.includes(e)),
			notInRouteTree: covered.filter((e) => !tree.includes(e))
		}).toEqual({ missingFromMatrix: [], notInRouteTree: [] });
	});

	describe('answers each role as expected', () => {
		const users = {} as Record<Exclude<Who, 'visitor'>, User>;
		let fixtures: Fixtures;
		beforeAll(async () => {
			const db = serverDb();
			users.learnerA = await makeUser(db);
			users.learnerB = await makeUser(db);
			users.instructor = await makeUser(db, { role: 'instructor' });
			users.otherInstructor = await makeUser(db, { role: 'instructor' });
			users.admin = await makeUser(db, { role: 'admin' });
			const cohort = createCohort(db, users.instructor, {
				name: 'Matrix cohort',
				startDate: '2026-01-01',
				endDate: '2099-12-31',
				timeZone: 'Asia/Shanghai'
			});
			// Learner A is in the instructor's cohort (so the instructor grades A); B is not, and is
			// in the other instructor's cohort.
			db.insert(cohortMembers).values({ cohortId: cohort.id, userId: users.learnerA.id }).run();
			const otherCohort = createCohort(db, users.otherInstructor, {
				name: 'Matrix other cohort',
				startDate: '2026-01-01',
				endDate: '2099-12-31',
				timeZone: 'Asia/Shanghai'
			});
			db.insert(cohortMembers)
				.values({ cohortId: otherCohort.id, userId: users.learnerB.id })
				.run();
			const note = notify(db, users.learnerA.id, 'password_reset', {});
			const backup = await createBackup(
				db,
				join(dirname(inject('serverDbPath')), 'backups'),
				'manual'
			);
			const submission = submitExercise(db, {
				userId: users.learnerA.id,
				itemId: 'exercise-banking-kb-design',
				locale: 'en',
				answer: 'Matrix answer.',
				idempotencyKey: 'authz-matrix-submission',
				pipelineMaxChars: 20_000
			});
			if (!submission.ok) throw new Error(`fixture submission refused: ${submission.reason}`);
			const attempt = startAttempt(
				db,
				{ userId: users.learnerA.id, quizId: `quiz-${QUIZ}` },
				{ graceMs: 60_000 }
			).attempt;
			const thread = makeThread(db, users.learnerA, { title: 'Matrix thread about gateways' });
			const faq = promoteThread(db, users.instructor, thread.id, {
				module: 5,
				titleZh: null,
				answerZh: null,
				titleEn: 'Matrix FAQ entry',
				answerEn: 'An answer.'
			});
			const lab = getLabPage(db, LAB, 'en');
			if (!lab) throw new Error(`fixture lab ${LAB} is missing`);
			const labAttempt = await submitLab(db, {
				userId: users.learnerA.id,
				lab: { id: lab.id, version: lab.version, meta: lab.meta },
				locale: 'en',
				answer: {
					step: 'capacity',
					answers: {
						'peak-rpm': '1800',
						'peak-rps': '30',
						'peak-tpm': '3.24M',
						'in-flight': '100',
						'fits-limits': 'no',
						'daily-cost': '648',
						'batch-saving': '108'
					}
				},
				idempotencyKey: 'authz-matrix-lab-attempt',
				timeoutMs: 5_000,
				pipelineMaxChars: 20_000
			});
			if (!labAttempt.ok) throw new Error(`fixture lab attempt refused: ${labAttempt.reason}`);
			fixtures = {
				labAttemptA: labAttempt.attemptId,
				cohortId: cohort.id,
				notificationA: note.id,
				backupName: backup.name,
				submissionA: submission.submissionId,
				attemptA: attempt.id,
				threadId: thread.id,
				questionId: getThreadView(db, thread.id, null).question.id,
				faqId: faq.id
			};
		});

		/** What one request answered, in the notation of the table. */
		async function outcome(who: Who, kind: Kind, check: Check): Promise<Outcome> {
			const cookie = who === 'visitor' ? undefined : makeSession(serverDb(), users[who].id).cookie;
			const path = check.path(fixtures);
			const fields = check.form?.(fixtures) ?? {};
			const res =
				kind === 'GET'
					? await get(path, { cookie, headers: { accept: 'text/html' } })
					: kind === 'action'
						? await postForm(path, fields, { cookie })
						: await fetch(baseUrl() + path, {
								method: kind,
								redirect: 'manual',
								headers: {
									origin: baseUrl(),
									accept: 'application/json',
									'content-type': 'application/json',
									...(cookie ? { cookie } : {})
								},
								body: JSON.stringify(fields)
							});
			await res.arrayBuffer();
			if (res.status !== 303) return res.status;
			const location = res.headers.get('location') ?? '';
			return /^\/(en\/)?login\?redirectTo=/.test(location) ? LOGIN : `→${location}`;
		}

		/** A redirect matches when its Location starts with the expected path. */
		const matches = (got: Outcome, want: Outcome) =>
			typeof want === 'string' && want.startsWith('→') && typeof got === 'string'
				? got.startsWith(want)
				: got === want;

		const cases: Array<[string, Kind, Check]> = [];
		for (const [id, row] of Object.entries(MATRIX)) {
			if (row.GET) cases.push([`${id} · GET`, 'GET', row.GET]);
			for (const [name, check] of Object.entries(row.actions ?? {}))
				cases.push([`${id} · action ${name}`, 'action', check]);
			for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
				const check = row[method];
				if (check) cases.push([`${id} · ${method}`, method, check]);
			}
		}

		it.each(cases)('%s', async (_name, kind, check) => {
			const got = {} as Record<Who, Outcome>;
			for (const who of ROLES) got[who] = await outcome(who, kind, check);
			const shown = Object.fromEntries(
				ROLES.map((who) => [
					who,
					matches(got[who], check.expect[who]) ? check.expect[who] : got[who]
				])
			);
			expect(shown).toEqual(check.expect);
		});
	});
});
