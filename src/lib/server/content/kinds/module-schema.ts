import { z } from 'zod';
import { httpUrl, isoDate, itemRef, text } from './shared';

/** Tables built from other content instead of written by hand (module 9, 11, 12). */
export const GENERATED_TABLES = { 9: 'cases-by-industry', 11: 'references', 12: 'faq' } as const;
export type GeneratedTable = (typeof GENERATED_TABLES)[keyof typeof GENERATED_TABLES];

export const referenceSchema = z.strictObject({
	key: z
		.string()
		.regex(
			/^[a-z0-9][a-z0-9.-]*$/,
			'must be a lower-case key such as "rfc9457" or "kleppmann-2017"'
		),
	text: text(),
	url: httpUrl.optional(),
	/** Where in the work to look ("ch. 6"); shown on the module page, not part of the work's identity. */
	note: text().optional()
});
export type Reference = z.infer<typeof referenceSchema>;

const cell = z.union([z.string(), z.number()]).transform(String);

const staticTable = z
	.strictObject({
		caption: text(),
		columns: z.array(text()).min(1, 'needs at least 1 column'),
		rows: z.array(z.array(cell)).min(1, 'needs at least 1 row')
	})
	.superRefine((t, ctx) => {
		t.rows.forEach((row, i) => {
			if (row.length !== t.columns.length) {
				ctx.addIssue({
					code: 'custom',
					path: ['rows', i],
					message: `has ${row.length} cells but the table has ${t.columns.length} columns`
				});
			}
		});
	});

const generatedTable = z.strictObject({
	generated: z.enum(['cases-by-industry', 'references', 'faq']),
	caption: text()
});

export const moduleSchema = z
	.strictObject({
		id: z.string().regex(/^module-\d{2}$/, 'must be "module-NN" (module-01 … module-12)'),
		number: z.number().int().min(1).max(12),
		title: text(),
		lastReviewed: isoDate,
		summary: text(),
		keyPoints: z.array(text()).min(3, 'needs 3–8 key points').max(8, 'needs 3–8 key points'),
		references: z.array(referenceSchema),
		figure: z.strictObject({ caption: text(), mermaid: text() }).optional(),
		table: z.union([generatedTable, staticTable], {
			error: 'must be { caption, columns, rows } or { generated, caption }'
		}),
		handsOn: z
			.strictObject({ title: text(), task: text(), links: z.array(itemRef).default([]) })
			.optional()
	})
	.superRefine((m, ctx) => {
		if (m.id !== `module-${String(m.number).padStart(2, '0')}`) {
			ctx.addIssue({
				code: 'custom',
				path: ['id'],
				message: `must be module-${String(m.number).padStart(2, '0')} for number ${m.number}`
			});
		}
		const generated = GENERATED_TABLES[m.number as keyof typeof GENERATED_TABLES];
		const actual = 'generated' in m.table ? m.table.generated : undefined;
		if (actual !== generated) {
			ctx.addIssue({
				code: 'custom',
				path: ['table', 'generated'],
				message: generated
					? `module ${m.number}'s table must be { generated: ${generated}, caption: … }`
					: `module ${m.number} has a hand-written table ({ caption, columns, rows }), not a generated one`
			});
		}
		const isBibliography = m.number === 11;
		if (!isBibliography && m.references.length === 0) {
			ctx.addIssue({ code: 'custom', path: ['references'], message: 'needs at least 1 reference' });
		}
		if (isBibliography && m.references.length > 0) {
			ctx.addIssue({
				code: 'custom',
				path: ['references'],
				message: 'must be [] (module 11 is built from the other modules)'
			});
		}
		if (!isBibliography && !m.figure) {
			ctx.addIssue({
				code: 'custom',
				path: ['figure'],
				message: 'is required ({ caption, mermaid })'
			});
		}
		if (!isBibliography && !m.handsOn) {
			ctx.addIssue({
				code: 'custom',
				path: ['handsOn'],
				message: 'is required ({ title, task, links })'
			});
		}
		const keys = new Set<string>();
		m.references.forEach((r, i) => {
			if (keys.has(r.key))
				ctx.addIssue({
					code: 'custom',
					path: ['references', i, 'key'],
					message: `"${r.key}" is listed twice`
				});
			keys.add(r.key);
		});
	});

export type ModuleData = z.infer<typeof moduleSchema>;
