import type { SubmitFunction } from '@sveltejs/kit';

/**
 * `use:enhance` for forms whose success is a redirect back to this thread (answer, comment): empties
 * the form before following the redirect, as SvelteKit does only for `success` results — otherwise
 * the posted text stays in the box under the new post, inviting a double post.
 */
export const resetOnRedirect: SubmitFunction =
	({ formElement }) =>
	async ({ result, update }) => {
		if (result.type === 'redirect') formElement.reset();
		await update();
	};
