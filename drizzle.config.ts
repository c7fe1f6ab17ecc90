import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes a migration into migrations/ from the schema diff.
// Migrations are applied on start (src/lib/server/db/migrate.ts); never `push` outside development.
export default defineConfig({
	schema: './src/lib/server/db/schema/*.ts',
	out: './migrations',
	dialect: 'sqlite',
	dbCredentials: { url: process.env.DATABASE_URL ?? './data/casebook.db' },
	strict: true,
	verbose: true
});
