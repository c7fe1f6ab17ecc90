CREATE TABLE `quiz_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`quiz_id` text NOT NULL,
	`version` integer NOT NULL,
	`snapshot_id` integer NOT NULL,
	`number` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`seed` integer NOT NULL,
	`option_order` text NOT NULL,
	`started_at` integer NOT NULL,
	`deadline` integer,
	`answers` text DEFAULT '{}' NOT NULL,
	`saved_at` integer,
	`submitted_at` integer,
	`closed_by` text,
	`late_answers` text,
	`earned_n` integer,
	`earned_d` integer,
	`max_n` integer,
	`max_d` integer,
	`percent` integer,
	`passed` integer,
	`results` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`quiz_id`) REFERENCES `content_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`snapshot_id`) REFERENCES `quiz_snapshots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quiz_attempts_user_quiz_number_idx` ON `quiz_attempts` (`user_id`,`quiz_id`,`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `quiz_attempts_one_open_idx` ON `quiz_attempts` (`user_id`,`quiz_id`) WHERE "quiz_attempts"."status" = 'open';--> statement-breakpoint
CREATE INDEX `quiz_attempts_quiz_idx` ON `quiz_attempts` (`quiz_id`,`status`);--> statement-breakpoint
CREATE INDEX `quiz_attempts_deadline_idx` ON `quiz_attempts` (`deadline`) WHERE "quiz_attempts"."status" = 'open';--> statement-breakpoint
CREATE TABLE `quiz_snapshots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`quiz_id` text NOT NULL,
	`version` integer NOT NULL,
	`content_hash` text NOT NULL,
	`questions` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`quiz_id`) REFERENCES `content_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quiz_snapshots_quiz_hash_idx` ON `quiz_snapshots` (`quiz_id`,`content_hash`);