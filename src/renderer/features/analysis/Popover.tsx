// Moved to src/renderer/ui/; kept so that branches written against the old path still build.
export { Popover } from '../../ui/Popover';
