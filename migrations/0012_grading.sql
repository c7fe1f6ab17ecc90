CREATE TABLE `grade_criteria` (
	`submission_id` integer NOT NULL,
	`criterion_id` text NOT NULL,
	`position` integer NOT NULL,
	`level` integer NOT NULL,
	`points` real NOT NULL,
	`max_points` real NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`submission_id`, `criterion_id`),
	FOREIGN KEY (`submission_id`) REFERENCES `grades`(`submission_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `grade_releases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`submission_id` integer NOT NULL,
	`raw_points` real NOT NULL,
	`max_points` real NOT NULL,
	`penalty_percent` integer DEFAULT 0 NOT NULL,
	`points` real NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`criteria` text NOT NULL,
	`released_by` integer,
	`released_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`released_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `grade_releases_submission_idx` ON `grade_releases` (`submission_id`,`id`);--> statement-breakpoint
CREATE TABLE `grades` (
	`submission_id` integer PRIMARY KEY NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`rubric_version` integer NOT NULL,
	`raw_points` real NOT NULL,
	`max_points` real NOT NULL,
	`penalty_percent` integer DEFAULT 0 NOT NULL,
	`points` real NOT NULL,
	`comment` text DEFAULT '' NOT NULL,
	`updated_by` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`released_at` integer,
	`regrade_requested_at` integer,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `grades_state_idx` ON `grades` (`state`);--> statement-breakpoint
CREATE INDEX `grades_regrade_idx` ON `grades` (`regrade_requested_at`);--> statement-breakpoint
CREATE TABLE `submission_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`submission_id` integer NOT NULL,
	`author_id` integer,
	`kind` text DEFAULT 'comment' NOT NULL,
	`body` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`submission_id`) REFERENCES `submissions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `submission_comments_submission_idx` ON `submission_comments` (`submission_id`,`id`);