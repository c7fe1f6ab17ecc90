import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { freePort } from './server';

export type ReceivedMail = { to: string[]; from: string; subject: string; text: string };

export type SmtpSink = {
	/** smtp://127.0.0.1:<port> — pass as SMTP_URL. */
	url: string;
	mails: ReceivedMail[];
	/** Resolves with the first received mail to `address` (waits for it; rejects after `ms`). */
	waitFor: (address: string, ms?: number) => Promise<ReceivedMail>;
	/** Makes the sink hold every message (no reply to DATA) until the returned release() is called. */
	hold: () => () => void;
	/** Messages currently held (DATA received, not yet acknowledged). */
	heldCount: () => number;
	close: () => Promise<void>;
};

/**
 * A local SMTP server on 127.0.0.1 (the `smtp-server` package) that accepts every message without
 * authentication or TLS and keeps it, parsed by mailparser, for the test to read.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
	const mails: ReceivedMail[] = [];
	const waiters: Array<() => void> = [];
	let gate: Promise<void> | null = null;
	let held = 0;
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, _session, callback) {
			simpleParser(stream)
				.then(async (parsed) => {
					held++;
					if (gate) await gate;
					held--;
					const to = [parsed.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? ''));
					mails.push({
						to,
						from: parsed.from?.text ?? '',
						subject: parsed.subject ?? '',
						text: parsed.text ?? ''
					});
					waiters.splice(0).forEach((w) => w());
					callback();
				})
				.catch((err) => callback(err));
		}
	});
	const port = await freePort();
	await new Promise<void>((res) => server.listen(port, '127.0.0.1', res));

	return {
		url: `smtp://127.0.0.1:${port}`,
		mails,
		async waitFor(address, ms = 15_000) {
			const deadline = Date.now() + ms;
			for (;;) {
				const found = mails.find((mm) => mm.to.includes(address));
				if (found) return found;
				if (Date.now() > deadline) throw new Error(`no mail to ${address} within ${ms} ms`);
				await new Promise<void>((res) => {
					waiters.push(res);
					setTimeout(res, 200);
				});
			}
		},
		hold() {
			let release!: () => void;
			gate = new Promise<void>((res) => (release = res));
			return () => {
				gate = null;
				release();
			};
		},
		heldCount: () => held,
		close: () => new Promise<void>((res) => server.close(() => res()))
	};
}
