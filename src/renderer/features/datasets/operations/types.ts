import type { ComponentType } from 'react';
import type { Column, OperationKind } from '../../../../shared/operations';
import type { Draft, FieldErrors } from '../drafts';

export interface FormProps {
  draft: Draft;
  set(patch: Partial<Draft>): void;
  columns: Column[];
  /** The message for a field, by the key the shared schema reports it under. */
  error(key: string): string | undefined;
}

/**
 * One operation's form, as the backend's registry holds one definition per operation: its place in
 * the catalogue, its fields, and how the form becomes the operation's input (checked afterwards
 * with the shared schema; `errors` collects what the schema cannot know, such as an empty choice).
 */
export interface OperationForm<K extends OperationKind = OperationKind> {
  op: K;
  label: string;
  hint: string;
  Fields: ComponentType<FormProps>;
  build(draft: Draft, columns: Column[], errors: FieldErrors): Record<string, unknown>;
}
