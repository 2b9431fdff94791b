import { TASK_TITLE_MAX } from '../../../shared/boards';
import { InlineAddForm } from '../../ui/InlineAddForm';

/** A title box and a button: the quickest way to put a task (or a subtask) on the board. */
export function AddTaskForm({
  label,
  placeholder,
  onAdd,
  autoFocus = false,
}: {
  label: string;
  placeholder: string;
  onAdd(title: string): Promise<unknown>;
  autoFocus?: boolean;
}) {
  return (
    <InlineAddForm
      label={label}
      placeholder={placeholder}
      maxLength={TASK_TITLE_MAX}
      emptyMessage="A task needs a title."
      submitLabel="Add"
      autoFocus={autoFocus}
      onAdd={onAdd}
    />
  );
}
