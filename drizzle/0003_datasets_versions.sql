CREATE TABLE `datasets` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`source_name` text NOT NULL,
	`source_size` integer NOT NULL,
	`encoding` text NOT NULL,
	`delimiter` text NOT NULL,
	`status` text NOT NULL,
	`error` text,
	`root_version_id` text,
	`current_version_id` text,
	`import_notes` text DEFAULT '[]' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`archived_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "datasets_status" CHECK("datasets"."status" IN ('pending', 'importing', 'ready', 'failed')),
	CONSTRAINT "datasets_name_not_blank" CHECK(length(trim("datasets"."name")) > 0)
);
--> statement-breakpoint
CREATE INDEX `datasets_workspace_idx` ON `datasets` (`workspace_id`,`archived_at`);--> statement-breakpoint
CREATE TABLE `version_navigation` (
	`version_id` text PRIMARY KEY NOT NULL,
	`last_child_id` text NOT NULL,
	FOREIGN KEY (`version_id`) REFERENCES `versions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`last_child_id`) REFERENCES `versions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `versions` (
	`id` text PRIMARY KEY NOT NULL,
	`dataset_id` text NOT NULL,
	`parent_id` text,
	`operation` text,
	`summary` text NOT NULL,
	`label` text,
	`created_by` text NOT NULL,
	`row_count` integer NOT NULL,
	`column_count` integer NOT NULL,
	`columns` text NOT NULL,
	`profile` text,
	`storage` text NOT NULL,
	`relation` text NOT NULL,
	`created_at` text NOT NULL,
	`seq` integer NOT NULL,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`parent_id`) REFERENCES `versions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "versions_created_by" CHECK("versions"."created_by" IN ('user', 'assistant', 'import')),
	CONSTRAINT "versions_storage" CHECK("versions"."storage" IN ('table', 'view', 'evicted')),
	CONSTRAINT "versions_root_has_no_operation" CHECK(("versions"."parent_id" IS NULL) = ("versions"."operation" IS NULL))
);
--> statement-breakpoint
CREATE INDEX `versions_dataset_idx` ON `versions` (`dataset_id`,`seq`);--> statement-breakpoint
CREATE INDEX `versions_parent_idx` ON `versions` (`parent_id`);