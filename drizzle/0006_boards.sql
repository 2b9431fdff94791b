CREATE TABLE `patch_sets` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`author` text NOT NULL,
	`summary` text NOT NULL,
	`patches` text NOT NULL,
	`result` text NOT NULL,
	`changes` text NOT NULL,
	`agent_run_id` text,
	`conversation_id` text,
	`revert_of_id` text,
	`reverted_by_id` text,
	`created_at` text NOT NULL,
	`seq` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_run_id`) REFERENCES `agent_runs`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`revert_of_id`) REFERENCES `patch_sets`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`reverted_by_id`) REFERENCES `patch_sets`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "patch_sets_author" CHECK("patch_sets"."author" IN ('user', 'assistant'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `patch_sets_seq_unique` ON `patch_sets` (`seq`);--> statement-breakpoint
CREATE INDEX `patch_sets_workspace_idx` ON `patch_sets` (`workspace_id`,`seq`);--> statement-breakpoint
CREATE INDEX `patch_sets_conversation_idx` ON `patch_sets` (`conversation_id`);--> statement-breakpoint
CREATE TABLE `projects` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`priority` text NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`integration_ids` text DEFAULT '{}' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	`delete_batch_id` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "projects_name_not_blank" CHECK(length(trim("projects"."name")) > 0),
	CONSTRAINT "projects_status" CHECK("projects"."status" IN ('planning', 'active', 'on_hold', 'completed', 'archived')),
	CONSTRAINT "projects_priority" CHECK("projects"."priority" IN ('low', 'medium', 'high', 'critical')),
	CONSTRAINT "projects_created_by" CHECK("projects"."created_by" IN ('user', 'assistant')),
	CONSTRAINT "projects_deleted_has_batch" CHECK(("projects"."deleted_at" IS NULL) = ("projects"."delete_batch_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `projects_live_name_unique` ON `projects` (`workspace_id`,lower("name")) WHERE "projects"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX `projects_workspace_idx` ON `projects` (`workspace_id`,`deleted_at`);--> statement-breakpoint
CREATE INDEX `projects_delete_batch_idx` ON `projects` (`delete_batch_id`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`parent_id` text,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`priority` text NOT NULL,
	`assignee` text,
	`due_date` text,
	`estimated_minutes` integer,
	`actual_minutes` integer,
	`tags` text DEFAULT '[]' NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`completed_at` text,
	`depth` integer NOT NULL,
	`position` real NOT NULL,
	`deleted_at` text,
	`delete_batch_id` text,
	`dataset_id` text,
	`version_id` text,
	`insight_id` text,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`version_id`) REFERENCES `versions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`insight_id`) REFERENCES `insights`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`parent_id`,`project_id`) REFERENCES `tasks`(`id`,`project_id`) ON UPDATE cascade ON DELETE cascade,
	CONSTRAINT "tasks_title_not_blank" CHECK(length(trim("tasks"."title")) > 0),
	CONSTRAINT "tasks_status" CHECK("tasks"."status" IN ('todo', 'in_progress', 'blocked', 'done', 'cancelled')),
	CONSTRAINT "tasks_priority" CHECK("tasks"."priority" IN ('low', 'medium', 'high', 'critical')),
	CONSTRAINT "tasks_created_by" CHECK("tasks"."created_by" IN ('user', 'assistant')),
	CONSTRAINT "tasks_depth_range" CHECK("tasks"."depth" >= 0 AND "tasks"."depth" <= 5),
	CONSTRAINT "tasks_top_level_depth" CHECK(("tasks"."parent_id" IS NULL) = ("tasks"."depth" = 0)),
	CONSTRAINT "tasks_not_own_parent" CHECK("tasks"."parent_id" IS NULL OR "tasks"."parent_id" <> "tasks"."id"),
	CONSTRAINT "tasks_minutes_not_negative" CHECK(("tasks"."estimated_minutes" IS NULL OR "tasks"."estimated_minutes" >= 0) AND ("tasks"."actual_minutes" IS NULL OR "tasks"."actual_minutes" >= 0)),
	CONSTRAINT "tasks_deleted_has_batch" CHECK(("tasks"."deleted_at" IS NULL) = ("tasks"."delete_batch_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tasks_id_project_unique` ON `tasks` (`id`,`project_id`);--> statement-breakpoint
CREATE INDEX `tasks_board_idx` ON `tasks` (`project_id`,`deleted_at`,`status`,`position`);--> statement-breakpoint
CREATE INDEX `tasks_parent_idx` ON `tasks` (`parent_id`,`position`);--> statement-breakpoint
CREATE INDEX `tasks_due_idx` ON `tasks` (`due_date`);--> statement-breakpoint
CREATE INDEX `tasks_assignee_idx` ON `tasks` (`assignee`);--> statement-breakpoint
CREATE INDEX `tasks_dataset_idx` ON `tasks` (`dataset_id`);--> statement-breakpoint
CREATE INDEX `tasks_delete_batch_idx` ON `tasks` (`delete_batch_id`);