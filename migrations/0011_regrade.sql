CREATE TABLE `regrade_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` text NOT NULL,
	`requested_by` integer,
	`state` text DEFAULT 'running' NOT NULL,
	`total` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`ended_at` integer,
	`cancelled_by` integer,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`cancelled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `regrade_batches_state_idx` ON `regrade_batches` (`state`);--> statement-breakpoint
CREATE INDEX `regrade_batches_item_idx` ON `regrade_batches` (`item_id`);--> statement-breakpoint
CREATE TABLE `regrade_items` (
	`batch_id` integer NOT NULL,
	`submission_id` integer NOT NULL,
	`job_id` integer,
	`cancelled` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`batch_id`, `submission_id`),
	FOREIGN KEY (`batch_id`) REFERENCES `regrade_batches`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`job_id`) REFERENCES `feedback_jobs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `regrade_items_job_idx` ON `regrade_items` (`job_id`);