import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { createRawSnippet } from 'svelte';
import DataTable, { type DataColumn } from './DataTable.svelte';

/** Rendered markup without Svelte's hydration comments. */
const html = (body: string) => body.replace(/<!--[^>]*-->/g, '');

type Row = { id: string; name: string; calls: number };
const rows: Row[] = [
	{ id: 'a', name: 'Alpha & co', calls: 1200 },
	{ id: 'b', name: 'Beta', calls: 3 }
];

describe('DataTable', () => {
	it('renders a caption, typed header cells and one row per item with a row header', () => {
		const columns: DataColumn<Row>[] = [
			{ label: 'Name', value: (r) => r.name, class: 'whitespace-nowrap' },
			{ label: 'Calls', value: (r) => r.calls.toLocaleString('en'), numeric: true }
		];
		const out = html(
			render(DataTable<Row>, {
				props: { rows, key: (r) => r.id, columns, caption: 'Per item', testid: 't', class: 'mt-4' }
			}).body
		);
		// A focusable region named by the caption, so the keyboard can scroll it sideways.
		const region = out.match(
			/^<div class="mt-4 overflow-x-auto [^"]*" role="region" aria-labelledby="([^"]+)" tabindex="0"><table class="data-table" data-testid="t">/
		);
		expect(region).not.toBeNull();
		expect(out).toContain(`<caption id="${region![1]}" class="sr-only">Per item</caption>`);
		expect(out).toContain('<th scope="col">Name</th><th scope="col" class="text-right">Calls</th>');
		expect(out).toContain(
			'<tr><th scope="row" class="bg-white font-normal whitespace-nowrap">Alpha &amp; co</th><td class="text-right tabular-nums">1,200</td></tr>'
		);
		expect(out.match(/<tr>/g)).toHaveLength(3);
	});

	it('renders a column’s cell snippet instead of its value, and plain cells without a class', () => {
		const link = createRawSnippet((row: () => Row) => ({
			render: () => `<a href="/items/${row().id}">${row().name.length}</a>`
		}));
		const columns: DataColumn<Row>[] = [
			{ label: 'Id', value: (r) => r.id },
			{ label: 'Link', cell: link }
		];
		const out = html(
			render(DataTable<Row>, { props: { rows, key: (r) => r.id, columns, caption: 'c' } }).body
		);
		expect(out).toMatch(/^<div class="overflow-x-auto [^"]*" role="region" aria-labelledby="/);
		expect(out).toContain('<td><a href="/items/b">4</a></td>');
		expect(out).not.toContain('data-testid');
	});
});
