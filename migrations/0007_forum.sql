CREATE TABLE `faq_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`thread_id` integer,
	`module` integer NOT NULL,
	`title_zh` text,
	`answer_zh` text,
	`html_zh` text,
	`title_en` text,
	`answer_en` text,
	`html_en` text,
	`created_by_id` integer,
	`updated_by_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`thread_id`) REFERENCES `forum_threads`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`updated_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `faq_entries_module_idx` ON `faq_entries` (`module`);--> statement-breakpoint
CREATE TABLE `forum_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`post_id` integer NOT NULL,
	`reporter_id` integer,
	`reason` text NOT NULL,
	`note` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`resolved_at` integer,
	`resolved_by_id` integer,
	`resolution` text,
	FOREIGN KEY (`post_id`) REFERENCES `forum_posts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reporter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`resolved_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `forum_flags_open_idx` ON `forum_flags` (`resolved_at`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `forum_flags_one_open_idx` ON `forum_flags` (`post_id`,`reporter_id`) WHERE "forum_flags"."resolved_at" is null;--> statement-breakpoint
CREATE TABLE `forum_posts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`thread_id` integer NOT NULL,
	`kind` text NOT NULL,
	`parent_id` integer,
	`author_id` integer,
	`body` text NOT NULL,
	`html` text NOT NULL,
	`score` integer DEFAULT 0 NOT NULL,
	`hidden_at` integer,
	`hidden_by_id` integer,
	`hidden_reason` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`edited_at` integer,
	`edited_by_id` integer,
	FOREIGN KEY (`thread_id`) REFERENCES `forum_threads`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`parent_id`) REFERENCES `forum_posts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`hidden_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`edited_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `forum_posts_thread_idx` ON `forum_posts` (`thread_id`,`kind`);--> statement-breakpoint
CREATE INDEX `forum_posts_parent_idx` ON `forum_posts` (`parent_id`);--> statement-breakpoint
CREATE INDEX `forum_posts_author_idx` ON `forum_posts` (`author_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `forum_posts_one_question_idx` ON `forum_posts` (`thread_id`) WHERE "forum_posts"."kind" = 'question';--> statement-breakpoint
CREATE TABLE `forum_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`post_id` integer NOT NULL,
	`number` integer NOT NULL,
	`title` text,
	`body` text NOT NULL,
	`tags` text,
	`editor_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `forum_posts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`editor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `forum_revisions_post_number_idx` ON `forum_revisions` (`post_id`,`number`);--> statement-breakpoint
CREATE TABLE `forum_thread_tags` (
	`thread_id` integer NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`thread_id`, `tag`),
	FOREIGN KEY (`thread_id`) REFERENCES `forum_threads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `forum_thread_tags_tag_idx` ON `forum_thread_tags` (`tag`);--> statement-breakpoint
CREATE TABLE `forum_threads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`author_id` integer,
	`locked_at` integer,
	`pinned_at` integer,
	`duplicate_of_id` integer,
	`accepted_answer_id` integer,
	`endorsed_answer_id` integer,
	`answer_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	`last_activity_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`duplicate_of_id`) REFERENCES `forum_threads`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `forum_threads_created_idx` ON `forum_threads` (`created_at`);--> statement-breakpoint
CREATE INDEX `forum_threads_activity_idx` ON `forum_threads` (`last_activity_at`);--> statement-breakpoint
CREATE INDEX `forum_threads_author_idx` ON `forum_threads` (`author_id`);--> statement-breakpoint
CREATE TABLE `forum_votes` (
	`post_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`value` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsecond') * 1000 as integer)) NOT NULL,
	PRIMARY KEY(`post_id`, `user_id`),
	FOREIGN KEY (`post_id`) REFERENCES `forum_posts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `forum_votes_user_idx` ON `forum_votes` (`user_id`);