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
