CREATE TABLE `exercise_drafts` (
	`user_id` integer NOT NULL,
	`item_id` text NOT NULL,
	`body` text NOT NULL,
	`edited_at` integer NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`user_id`, `item_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `exercise_extensions` (
	`user_id` integer NOT NULL,
	`item_id` text NOT NULL,
	`due_at` integer NOT NULL,
	`reason` text,
	`granted_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`user_id`, `item_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`granted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `exercise_extensions_item_idx` ON `exercise_extensions` (`item_id`);--> statement-breakpoint
CREATE TABLE `exercise_rubrics` (
	`item_id` text NOT NULL,
	`version` integer NOT NULL,
	`rubric` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`item_id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `exercise_submissions` (
	`submission_id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`item_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`due_at` integer,
	`late` integer DEFAULT false NOT NULL,
	`days_late` integer DEFAULT 0 NOT NULL,
	`penalty_percent` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `exercise_submissions_attempt_uq` ON `exercise_submissions` (`user_id`,`item_id`,`attempt`);