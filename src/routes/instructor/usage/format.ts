import { m } from '$lib/paraglide/messages';
import type { DataColumn } from '$lib/components/DataTable.svelte';

/** Number formatting for the usage page, in the page's language. */
export function formatters(locale: string, currency: string) {
	const int = new Intl.NumberFormat(locale);
	let money: Intl.NumberFormat;
	try {
		money = new Intl.NumberFormat(locale, {
			style: 'currency',
			currency,
			minimumFractionDigits: 2,
			maximumFractionDigits: 4
		});
	} catch {
		money = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 });
	}
	const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
	return {
		int: (n: number) => int.format(n),
		money: (n: number) => money.format(n),
		pct: (n: number | null) => (n === null ? '—' : pct.format(n)),
		ms: (n: number | null) => (n === null ? '—' : `${int.format(n)} ms`)
	};
}

/** What every usage table row counts. */
type Counts = { calls: number; tokensIn: number; tokensOut: number; cost: number };

/**
 * The columns of a usage table: `first` (the row header: a date, an exercise), calls, then
 * errors when `errors` reads them from a row, tokens in and out, and the estimated cost.
 */
export function usageColumns<T extends Counts>(
	f: ReturnType<typeof formatters>,
	first: DataColumn<T>,
	errors?: (row: T) => number
): DataColumn<T>[] {
	return [
		first,
		{ label: m.usage_col_calls(), value: (r) => f.int(r.calls), numeric: true },
		...(errors
			? [{ label: m.usage_col_errors(), value: (r: T) => f.int(errors(r)), numeric: true }]
			: []),
		{ label: m.usage_col_tokens_in(), value: (r) => f.int(r.tokensIn), numeric: true },
		{ label: m.usage_col_tokens_out(), value: (r) => f.int(r.tokensOut), numeric: true },
		{ label: m.usage_col_cost(), value: (r) => f.money(r.cost), numeric: true }
	];
}
