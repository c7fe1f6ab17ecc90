// Compiles the Paraglide messages and fails loudly when the compiler produced no
// (or too few) messages. Paraglide loads its plugins from the paths in
// project.inlang/settings.json; if a plugin cannot be loaded it only warns and
// emits an empty message set, which would ship a site of blank labels.
import { compile } from '@inlang/paraglide-js';
import { readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paraglideOptions } from '../i18n.config.js';

/** Every message key declared in messages/**\/{locale}.json for the base locale. */
function declaredKeys() {
	const settings = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8'));
	const patterns = [settings['plugin.inlang.messageFormat'].pathPattern].flat();
	const keys = new Set();
	for (const pattern of patterns) {
		const file = pattern.replace('{locale}', settings.baseLocale);
		for (const key of Object.keys(JSON.parse(readFileSync(file, 'utf8')))) {
			if (key !== '$schema') keys.add(key);
		}
	}
	return keys;
}

await compile(paraglideOptions);

// Paraglide's registry builds a new Intl.PluralRules / NumberFormat / DateTimeFormat /
// RelativeTimeFormat on every call of a message with a plural or a number (a list page calls dozens),
// and building one costs far more than using it. Reuse them, per (locale, options).
const registryPath = join(paraglideOptions.outdir, 'registry.js');
const registry = readFileSync(registryPath, 'utf8');
const constructors =
	/new Intl\.(PluralRules|NumberFormat|DateTimeFormat|RelativeTimeFormat)\(locale, (options|intlOptions)\)/g;
const uses = registry.match(constructors)?.length ?? 0;
if (uses !== 4) {
	console.error(
		`i18n: expected 4 Intl constructors in ${registryPath}, found ${uses}: update scripts/i18n-compile.js`
	);
	process.exit(1);
}
writeFileSync(
	registryPath,
	registry.replace(constructors, 'reuse(Intl.$1, locale, $2)') +
		`
/** Intl formatters by constructor, locale and options (added by scripts/i18n-compile.js). */
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
`
);

const dir = join(paraglideOptions.outdir, 'messages');
const compiled = existsSync(dir)
	? readdirSync(dir).filter((f) => f.endsWith('.js') && !f.startsWith('_'))
	: [];
const expected = declaredKeys();
if (compiled.length < expected.size) {
	console.error(
		`i18n: Paraglide compiled ${compiled.length} messages but ${expected.size} are declared. ` +
			'A plugin in project.inlang/settings.json probably failed to load (is node_modules installed?).'
	);
	process.exit(1);
}
console.log(`i18n: compiled ${expected.size} messages`);
