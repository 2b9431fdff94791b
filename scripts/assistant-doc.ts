/** `npm run docs:assistant`: writes docs/assistant.md from the built-in assistant's catalogue. */
import fs from 'node:fs';
import path from 'node:path';
import { assistantDoc } from '../src/main/services/assistant/builtin/doc';

const file = path.join(import.meta.dirname, '..', 'docs', 'assistant.md');
fs.writeFileSync(file, assistantDoc());
console.log(`Wrote ${path.relative(process.cwd(), file)}`);
