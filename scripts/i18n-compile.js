// Compiles the Paraglide messages and fails loudly when the compiler produced no
// (or too few) messages. Paraglide loads its plugins from the paths in
// project.inlang/settings.json; if a plugin cannot be loaded it only warns and
// emits an empty message set, which would ship a site of blank labels.
import { compile } from '@inlang/paraglide-js';
import { readFileSync, readdirSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paraglideOptions } from '../i18n.config.js';
import { reuseIntlFormatters } from './paraglide-reuse-intl.js';

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

// Reuse Intl formatters in the generated registry (see scripts/paraglide-reuse-intl.js).
const registryPath = join(paraglideOptions.outdir, 'registry.js');
try {
	writeFileSync(registryPath, reuseIntlFormatters(readFileSync(registryPath, 'utf8')));
} catch (e) {
	console.error(`i18n: ${e instanceof Error ? e.message : e}`);
	process.exit(1);
}

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
