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
