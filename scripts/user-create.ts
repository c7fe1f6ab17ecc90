// npm run user:create -- --email a@b.c --role instructor [--password …] [--name …]
// Creates a user (or, with an existing email, sets its role and, if given, its password).
import { parseArgs } from 'node:util';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { getConfig } from '../src/lib/server/config';
import { getDb, closeDb } from '../src/lib/server/db';
import { runMigrations } from '../src/lib/server/db/migrate';
import { ROLES, type Role } from '../src/lib/server/db/schema';
import { checkPasswordPolicy, hashPassword } from '../src/lib/server/auth/password';
import {
	createUser,
	getUserByEmail,
	setUserRole,
	updateUserPassword
} from '../src/lib/server/auth/user';

const { values } = parseArgs({
	options: {
		email: { type: 'string' },
		role: { type: 'string', default: 'learner' },
		password: { type: 'string' },
		name: { type: 'string' }
	}
});

function die(msg: string): never {
	console.error(`user:create: ${msg}`);
	process.exit(1);
}

const email = values.email?.trim().toLowerCase();
if (!email || !/^[^\s@]+@[^\s@]+$/.test(email))
	die('--email is required and must be an email address');
if (!(ROLES as readonly string[]).includes(values.role!))
	die(`--role must be one of ${ROLES.join(', ')}`);
const role = values.role as Role;
let password = values.password;
let generated = false;
if (password) {
	const problem = checkPasswordPolicy(password);
	if (problem) die(`--password refused (${problem}): 8–128 characters, not a common password`);
} else {
	const bytes = new Uint8Array(15);
	crypto.getRandomValues(bytes);
	password = encodeBase32LowerCaseNoPadding(bytes);
	generated = true;
}

const cfg = getConfig();
const db = getDb();
runMigrations(db, cfg.MIGRATIONS_DIR);
const existing = getUserByEmail(db, email);
if (existing) {
	setUserRole(db, existing.id, role);
	if (values.password) updateUserPassword(db, existing.id, await hashPassword(password));
	console.log(
		`user:create: ${email} exists; role set to ${role}${values.password ? ', password replaced (sessions ended)' : ''}`
	);
} else {
	createUser(db, {
		email,
		role,
		displayName: values.name?.trim() || email.split('@')[0],
		passwordHash: await hashPassword(password),
		timeZone: cfg.DEFAULT_TIME_ZONE
	});
	console.log(
		`user:create: created ${email} (${role})${generated ? `, password: ${password}` : ''}`
	);
}
closeDb();
