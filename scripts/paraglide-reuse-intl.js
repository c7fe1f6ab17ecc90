// Paraglide's generated registry builds a new Intl.PluralRules / NumberFormat / DateTimeFormat /
// RelativeTimeFormat on every call of a message with a plural or a number (a list page calls dozens),
// and building one costs far more than using it. `reuseIntlFormatters` rewrites the registry to keep
// them per (constructor, locale, options). Applied by scripts/i18n-compile.js to the file on disk and
// by the Vite plugin below to what the build bundles (Paraglide's own Vite plugin rewrites the file).

const CONSTRUCTORS =
	/new Intl\.(PluralRules|NumberFormat|DateTimeFormat|RelativeTimeFormat)\(locale, (options|intlOptions)\)/g;
const MARK =
	'/** Intl formatters by constructor, locale and options (scripts/paraglide-reuse-intl.js). */';

const HELPER = `
${MARK}
/** @type {Map<string, any>} */
const reused = new Map();
/**
 * @param {any} Ctor an Intl constructor
 * @param {string} locale
 * @param {object | undefined} options
 * @returns {any}
 */
function reuse(Ctor, locale, options) {
	const key = \`\${Ctor.name}|\${locale}|\${JSON.stringify(options ?? {})}\`;
	let f = reused.get(key);
	if (!f) {
		if (reused.size >= 2000) reused.clear();
		f = new Ctor(locale, options);
		reused.set(key, f);
	}
	return f;
}
`;

/**
 * The registry's source with its four Intl constructions reused (unchanged if already rewritten).
 * @param {string} code registry.js as Paraglide generated it
 * @returns {string}
 * @throws Error when the generated code no longer has the four expected constructions
 */
export function reuseIntlFormatters(code) {
	if (code.includes(MARK)) return code;
	const uses = code.match(CONSTRUCTORS)?.length ?? 0;
	if (uses !== 4) {
		throw new Error(
			`paraglide registry: expected 4 Intl constructors, found ${uses}; update scripts/paraglide-reuse-intl.js`
		);
	}
	return code.replace(CONSTRUCTORS, 'reuse(Intl.$1, locale, $2)') + HELPER;
}

/** Vite plugin applying {@link reuseIntlFormatters} to src/lib/paraglide/registry.js. */
export function paraglideReuseIntl() {
	return {
		name: 'casebook-paraglide-reuse-intl',
		/** @param {string} code @param {string} id */
		transform(code, id) {
			return id.replace(/\\/g, '/').endsWith('/src/lib/paraglide/registry.js')
				? reuseIntlFormatters(code)
				: null;
		}
	};
}
