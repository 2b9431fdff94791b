// Moved to src/renderer/ui/; kept so that branches written against the old path still build.
export { Field } from '../../ui/Field';
