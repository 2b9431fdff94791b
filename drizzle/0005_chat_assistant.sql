CREATE TABLE `agent_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`profile_id` text,
	`profile_name` text NOT NULL,
	`experiment_name` text NOT NULL,
	`provider` text NOT NULL,
	`model` text NOT NULL,
	`parameters` text NOT NULL,
	`status` text NOT NULL,
	`metrics` text,
	`error` text,
	`started_at` text NOT NULL,
	`completed_at` text,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "agent_runs_provider" CHECK("agent_runs"."provider" IN ('builtin', 'openai_compatible')),
	CONSTRAINT "agent_runs_status" CHECK("agent_runs"."status" IN ('running', 'completed', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE INDEX `agent_runs_conversation_idx` ON `agent_runs` (`conversation_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `agent_runs_experiment_idx` ON `agent_runs` (`experiment_name`,`started_at`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`dataset_id` text,
	`profile_id` text,
	`title` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`dataset_id`) REFERENCES `datasets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`profile_id`) REFERENCES `config_profiles`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `conversations_scope_idx` ON `conversations` (`workspace_id`,`dataset_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`role` text NOT NULL,
	`content` text NOT NULL,
	`tool_calls` text,
	`tool_call_id` text,
	`tokens_used` integer,
	`version_id` text,
	`error` text,
	`created_at` text NOT NULL,
	`seq` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `versions`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "messages_role" CHECK("messages"."role" IN ('user', 'assistant', 'tool', 'system')),
	CONSTRAINT "messages_tool_has_call" CHECK(("messages"."role" = 'tool') = ("messages"."tool_call_id" IS NOT NULL)),
	CONSTRAINT "messages_tokens_not_negative" CHECK("messages"."tokens_used" IS NULL OR "messages"."tokens_used" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_conversation_seq_unique` ON `messages` (`conversation_id`,`seq`);