import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { createRawSnippet } from 'svelte';
import ItemCard from './ItemCard.svelte';

/** Rendered markup without Svelte's hydration comments. */
const html = (body: string) => body.replace(/<!--[^>]*-->/g, '');

describe('ItemCard', () => {
	it('renders chips, the linked title, extra content, the summary and the meta line', () => {
		const text = (t: string) => createRawSnippet(() => ({ render: () => `<span>${t}</span>` }));
		const out = html(
			render(ItemCard, {
				props: {
					title: 'Gateway design',
					path: '/exercises/gateway',
					summary: 'Design it.',
					chips: text('chip'),
					meta: text('90 min'),
					children: text('for a case'),
					'data-testid': 'exercise-card'
				}
			}).body
		);
		expect(out).toContain('<li class="card flex flex-col" data-testid="exercise-card">');
		expect(out).toContain(
			'<p class="flex flex-wrap items-center gap-2 text-xs"><span>chip</span></p>'
		);
		expect(out).toMatch(
			/<h2 class="mt-2 text-lg font-semibold"><a class="hover:underline" href="[^"]*\/exercises\/gateway">Gateway design<\/a><\/h2>/
		);
		expect(out).toMatch(/<\/h2>\s*<span>for a case<\/span>\s*<p class="mt-2 line-clamp-3/);
		expect(out).toContain('<p class="mt-auto pt-3 text-xs text-stone-500"><span>90 min</span></p>');
	});
});
