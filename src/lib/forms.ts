import type { SubmitFunction } from '@sveltejs/kit';

/**
 * `use:enhance={keepNoPasswords}`: like plain enhance, but after a failed submission every password
 * input is emptied, as it is when the page is re-rendered without JavaScript (a password is never
 * kept or echoed).
 */
export const keepNoPasswords: SubmitFunction = ({ formElement }) => {
	return async ({ update, result }) => {
		await update();
		if (result.type === 'failure' || result.type === 'error') {
			for (const input of formElement.querySelectorAll<HTMLInputElement>('input[type="password"]'))
				input.value = '';
		}
	};
};

/**
 * A named form action's URL that keeps the page's query (filters, page number), so the page shown
 * after a post without JavaScript — a failure re-rendered at the action's URL — is the one the user
 * was on: `actionUrl('release', { cohort: 3, page: 2 })` → `?cohort=3&page=2&/release`. SvelteKit
 * reads the action's name from the search parameter that starts with `/`. Empty, null and
 * undefined values are left out.
 */
export function actionUrl(
	name: string,
	keep: Record<string, string | number | null | undefined> = {}
): string {
	const query = Object.entries(keep)
		.filter(([, v]) => v !== null && v !== undefined && v !== '')
		.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
		.join('&');
	return query ? `?${query}&/${name}` : `?/${name}`;
}
