import { describe, expect, it } from 'vitest';
import { buildBibliography, normaliseReferenceText, referenceWarnings } from './references';

describe('normaliseReferenceText', () => {
	it('ignores emphasis, quotes, punctuation, case and width', () => {
		expect(
			normaliseReferenceText(
				'Martin Kleppmann. *Designing Data-Intensive Applications*. O’Reilly, 2017.'
			)
		).toBe(
			normaliseReferenceText(
				'MARTIN KLEPPMANN — Designing Data Intensive Applications, OReilly 2017'
			)
		);
		expect(normaliseReferenceText('《数据安全法》，２０２１')).toBe('数据安全法 2021');
	});
});

describe('buildBibliography', () => {
	it('merges citations sharing a key or a normalised text, transitively, keeping the lowest module', () => {
		const rows = buildBibliography([
			{ key: 'lewis2020-rag', text: 'Patrick Lewis et al. "RAG". NeurIPS 2020.', module: 10 },
			{ key: 'lewis-2020', text: 'Patrick Lewis et al. "RAG". NeurIPS 2020.', module: 7 },
			{
				key: 'lewis-2020',
				text: 'P. Lewis. RAG paper.',
				module: 4,
				url: 'https://example.org/rag'
			},
			{ key: 'sre', text: 'Site Reliability Engineering, 2016.', module: 8 },
			{ key: 'sre', text: 'Site Reliability Engineering, 2016.', module: 12 }
		]);
		expect(rows).toEqual([
			{
				key: 'lewis-2020',
				keys: ['lewis-2020', 'lewis2020-rag'],
				text: 'P. Lewis. RAG paper.',
				url: 'https://example.org/rag',
				modules: [4, 7, 10]
			},
			{
				key: 'sre',
				keys: ['sre'],
				text: 'Site Reliability Engineering, 2016.',
				url: undefined,
				modules: [8, 12]
			}
		]);
	});
});

describe('referenceWarnings', () => {
	it('names each inconsistent citation once', () => {
		const warnings = referenceWarnings([
			{ key: 'a', text: 'Work A.', module: 1, file: 'm1' },
			{ key: 'a2', text: '*Work A*', module: 2, file: 'm2' },
			{ key: 'b', text: 'Work B.', module: 3, file: 'm3' },
			{ key: 'b', text: 'Work B, 2nd ed.', module: 4, file: 'm4' },
			{ key: 'b', text: 'Work B, 2nd ed.', module: 4, file: 'm4' }
		]);
		expect(warnings.map((w) => `${w.file}: ${w.message}`)).toEqual([
			'm4: key "b" has a different text here than in module 3 ("Work B."); use one text per key',
			'm2: "*Work A*" is cited as "a2" here but as "a" in module 1; use one key per work'
		]);
	});

	it('is silent for consistent citations', () => {
		expect(
			referenceWarnings([
				{ key: 'a', text: 'Work A.', module: 1 },
				{ key: 'a', text: '*Work A*', module: 2 }
			])
		).toEqual([]);
	});
});
