import { WORKSPACE_NAME_MAX } from '../../../shared/workspaces';
import { NameDialog } from '../../ui/NameDialog';

interface Props {
  title: string;
  submitLabel: string;
  initialName: string;
  onSubmit(name: string): Promise<unknown>;
  onClose(): void;
}

/** A workspace's name, to create or rename it. */
export function WorkspaceNameDialog({ title, submitLabel, initialName, onSubmit, onClose }: Props) {
  return (
    <NameDialog
      title={title}
      label="Name"
      submitLabel={submitLabel}
      initial={initialName}
      maxLength={WORKSPACE_NAME_MAX}
      emptyMessage="A workspace needs a name."
      onSubmit={onSubmit}
      onClose={onClose}
    />
  );
}
