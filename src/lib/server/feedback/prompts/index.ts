/**
 * The prompt version in use. Versions live side by side (`v1.ts`, later `v2.ts`); switching is one
 * line here, after `npm run eval:feedback` has measured the new one.
 */
export * as current from './v1';
export { VERSION as PROMPT_VERSION } from './v1';
