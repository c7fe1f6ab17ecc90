CREATE TABLE `lab_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`item_id` text NOT NULL,
	`item_version` integer NOT NULL,
	`step` text NOT NULL,
	`locale` text NOT NULL,
	`attempt` integer NOT NULL,
	`answer` text NOT NULL,
	`result` text,
	`score` real,
	`max_score` real NOT NULL,
	`passed` integer,
	`submission_id` integer,
	`idempotency_key` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lab_attempts_user_idem_uq` ON `lab_attempts` (`user_id`,`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `lab_attempts_attempt_uq` ON `lab_attempts` (`user_id`,`item_id`,`attempt`);--> statement-breakpoint
CREATE INDEX `lab_attempts_item_idx` ON `lab_attempts` (`item_id`,`step`);