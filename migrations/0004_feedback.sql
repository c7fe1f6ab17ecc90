CREATE TABLE `feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`submission_id` integer NOT NULL,
	`job_id` integer,
	`source` text NOT NULL,
	`offline_reason` text,
	`model` text,
	`prompt_version` text,
	`rubric_version` integer NOT NULL,
	`rubric_hash` text NOT NULL,
	`locale` text NOT NULL,
	`total_points` real NOT NULL,
	`max_points` real NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`cache_key` text,
	`cached_from_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`job_id`) REFERENCES `feedback_jobs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `feedback_submission_idx` ON `feedback` (`submission_id`);--> statement-breakpoint
CREATE INDEX `feedback_cache_idx` ON `feedback` (`cache_key`);--> statement-breakpoint
CREATE TABLE `feedback_criteria` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`feedback_id` integer NOT NULL,
	`criterion_id` text NOT NULL,
	`position` integer NOT NULL,
	`level` integer NOT NULL,
	`points` real NOT NULL,
	`max_points` real NOT NULL,
	`evidence` text NOT NULL,
	`missing` text NOT NULL,
	`covered` text NOT NULL,
	`suggestion` text DEFAULT '' NOT NULL,
	`verified` integer NOT NULL,
	FOREIGN KEY (`feedback_id`) REFERENCES `feedback`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `feedback_criteria_feedback_idx` ON `feedback_criteria` (`feedback_id`);--> statement-breakpoint
CREATE TABLE `feedback_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`submission_id` integer NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_run_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`locked_until` integer,
	`lock_token` text,
	`bypass_cache` integer DEFAULT false NOT NULL,
	`reason` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `feedback_jobs_claim_idx` ON `feedback_jobs` (`state`,`next_run_at`);--> statement-breakpoint
CREATE INDEX `feedback_jobs_submission_idx` ON `feedback_jobs` (`submission_id`);--> statement-breakpoint
CREATE TABLE `llm_calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer,
	`user_id` integer,
	`purpose` text NOT NULL,
	`model` text NOT NULL,
	`prompt_version` text NOT NULL,
	`tokens_in` integer DEFAULT 0 NOT NULL,
	`tokens_out` integer DEFAULT 0 NOT NULL,
	`latency_ms` integer NOT NULL,
	`outcome` text NOT NULL,
	`http_status` integer,
	`cost` real DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `feedback_jobs`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `llm_calls_created_idx` ON `llm_calls` (`created_at`);--> statement-breakpoint
CREATE INDEX `llm_calls_user_created_idx` ON `llm_calls` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`item_id` text NOT NULL,
	`item_version` integer NOT NULL,
	`locale` text NOT NULL,
	`answer` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `submissions_user_idem_uq` ON `submissions` (`user_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `submissions_user_item_idx` ON `submissions` (`user_id`,`item_id`);--> statement-breakpoint
CREATE INDEX `submissions_item_idx` ON `submissions` (`item_id`,`item_version`);