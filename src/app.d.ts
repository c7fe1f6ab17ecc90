import type { Logger } from 'pino';
import type { SessionValidation } from '$lib/server/auth/session';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			requestId: string;
			log: Logger;
			user: SessionValidation['user'];
			session: SessionValidation['session'];
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
