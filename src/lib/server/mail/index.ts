import nodemailer, { type Transporter } from 'nodemailer';
import { getConfig } from '../config';
import { log } from '../log';

/** A plain-text message. */
export type Mail = { to: string; subject: string; text: string };

let transport: Transporter | undefined;
const pending = new Set<Promise<void>>();

/** True when SMTP_URL and MAIL_FROM are both set, i.e. Casebook can send mail. */
export function isMailConfigured(): boolean {
	const cfg = getConfig();
	return Boolean(cfg.SMTP_URL && cfg.MAIL_FROM);
}

function getTransport(): Transporter {
	const url = getConfig().SMTP_URL;
	if (!url) throw new Error('SMTP_URL is not set');
	transport ??= nodemailer.createTransport(url);
	return transport;
}

/**
 * Sends one message through SMTP_URL from MAIL_FROM (nodemailer).
 * @throws Error when mail is not configured or the SMTP server refuses the message.
 */
export async function sendMail(mail: Mail): Promise<void> {
	const from = getConfig().MAIL_FROM;
	if (!from) throw new Error('MAIL_FROM is not set');
	await getTransport().sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
}

/**
 * Sends a message without making the caller wait: the request that triggered it answers at once,
 * so its timing says nothing about the SMTP exchange. Failures are logged (without the body,
 * which may hold a reset link). Mail still queued when the process dies is lost; the user can ask again.
 */
export function sendMailInBackground(mail: Mail, context: Record<string, unknown> = {}): void {
	const p: Promise<void> = sendMail(mail)
		.then(() => log.info(context, 'mail sent'))
		.catch((err) => log.error({ ...context, err }, 'mail could not be sent'))
		.finally(() => pending.delete(p));
	pending.add(p);
}

/** Resolves when every background message has been handed over or has failed (shutdown, tests). */
export async function flushMail(): Promise<void> {
	while (pending.size > 0) await Promise.allSettled([...pending]);
}
