// Paraglide JS compiler options, shared by the Vite plugin (vite.config.ts) and
// scripts/i18n-compile.js (used by `npm run check` and CI).
// zh-CN is the course language: unprefixed URLs. English lives under /en/ so a shared link keeps its language.
/** @type {import('@inlang/paraglide-js').CompilerOptions} */
export const paraglideOptions = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	strategy: ['url', 'baseLocale'],
	urlPatterns: [
		{
			pattern: '/:path(.*)?',
			localized: [
				['en', '/en/:path(.*)?'],
				['zh-CN', '/:path(.*)?']
			]
		}
	],
	emitTsDeclarations: false
};
