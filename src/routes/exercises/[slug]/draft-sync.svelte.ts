/**
 * Autosave of an exercise answer in the browser. Every edit is kept in localStorage at once (only
 * while it is not yet on the server, so a shared computer does not keep answers around) and sent
 * to `PUT ./draft` after a pause in typing; a failed save (lost connection, server restart) is
 * retried with growing delays and when the browser comes back online. On the next visit a local
 * copy newer than the server's draft is restored and sent.
 */
export type DraftStatus = 'saved' | 'unsaved' | 'saving' | 'offline' | 'conflict' | 'error';

type LocalCopy = { body: string; editedAt: number };

export class DraftSync {
	status: DraftStatus = $state('saved');
	/** When the server last stored this draft (ms), for "saved at …". */
	savedAt: number | null = $state(null);
	/** A newer draft the server holds (saved in another tab), while status is `conflict`. */
	newerBody: string | null = $state(null);
	/** Why the last save was refused (status `error`), as the server said it. */
	message: string | null = $state(null);

	private current: LocalCopy | null = null;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private retryTimer: ReturnType<typeof setTimeout> | undefined;
	private retryMs: number;
	private inFlight = false;
	private again = false;

	constructor(
		private readonly url: string,
		private readonly storageKey: string,
		private readonly debounceMs = 1500,
		private readonly firstRetryMs = 2000
	) {
		this.retryMs = firstRetryMs;
	}

	private readLocal(): LocalCopy | null {
		try {
			const raw = localStorage.getItem(this.storageKey);
			const v = raw ? JSON.parse(raw) : null;
			return v && typeof v.body === 'string' && typeof v.editedAt === 'number' ? v : null;
		} catch {
			return null;
		}
	}

	private writeLocal(copy: LocalCopy | null) {
		try {
			if (copy) localStorage.setItem(this.storageKey, JSON.stringify(copy));
			else localStorage.removeItem(this.storageKey);
		} catch {
			/* storage full or disabled: the server copy still works */
		}
	}

	/**
	 * Called once on mount with the server's draft: returns the local text to show instead when
	 * this browser holds newer unsaved text (and starts sending it), else null.
	 */
	restore(server: { body: string; editedAt: number } | null): string | null {
		const local = this.readLocal();
		if (!local) return null;
		if (local.body === server?.body || local.editedAt <= (server?.editedAt ?? 0)) {
			this.writeLocal(null);
			return null;
		}
		this.current = local;
		this.status = 'unsaved';
		void this.flush();
		return local.body;
	}

	/** The text changed: keep it locally now, send it after a pause. */
	edited(body: string): void {
		this.current = { body, editedAt: Date.now() };
		this.writeLocal(this.current);
		this.status = 'unsaved';
		this.newerBody = null;
		clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.flush(), this.debounceMs);
	}

	/** Sends the newest text now (a save shortcut, leaving the page, coming back online). */
	async flush(opts: { keepalive?: boolean } = {}): Promise<void> {
		clearTimeout(this.timer);
		clearTimeout(this.retryTimer);
		const copy = this.current;
		if (!copy) return;
		if (this.inFlight) {
			this.again = true;
			return;
		}
		this.inFlight = true;
		this.status = 'saving';
		try {
			const res = await fetch(this.url, {
				method: 'PUT',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(copy),
				keepalive: opts.keepalive
			});
			const data = await res.json().catch(() => ({}));
			if (res.ok && data.saved) {
				this.retryMs = this.firstRetryMs;
				this.savedAt = data.editedAt;
				if (this.current === copy) {
					this.current = null;
					this.writeLocal(null);
					this.status = 'saved';
				}
			} else if (res.ok) {
				this.status = 'conflict';
				this.newerBody = typeof data.body === 'string' ? data.body : null;
			} else if (res.status >= 500 || res.status === 429) {
				this.retryLater();
			} else {
				this.status = 'error';
				this.message = typeof data.message === 'string' ? data.message : null;
			}
		} catch {
			this.retryLater();
		} finally {
			this.inFlight = false;
			if (this.again) {
				this.again = false;
				void this.flush();
			}
		}
	}

	private retryLater() {
		this.status = 'offline';
		clearTimeout(this.retryTimer);
		this.retryTimer = setTimeout(() => void this.flush(), this.retryMs);
		this.retryMs = Math.min(this.retryMs * 2, 60_000);
	}

	/** After a submission: the server's draft now is the submitted text. */
	submitted(): void {
		clearTimeout(this.timer);
		clearTimeout(this.retryTimer);
		this.current = null;
		this.writeLocal(null);
		this.status = 'saved';
	}

	/** True while text exists that the server does not have. */
	get pending(): boolean {
		return this.current !== null;
	}

	destroy(): void {
		clearTimeout(this.timer);
		clearTimeout(this.retryTimer);
	}
}
