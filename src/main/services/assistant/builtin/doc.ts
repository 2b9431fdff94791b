/**
 * docs/assistant.md, generated from the command catalogue (BUILTIN_COMMANDS) so that the page,
 * the help reply and the interpreter cannot drift apart. `npm run docs:assistant` writes it; a
 * unit test checks the committed page is current.
 */
import { BUILTIN_COMMANDS } from '../builtin';

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function assistantDoc(): string {
  const rows = BUILTIN_COMMANDS.map((c) => `| \`${cell(c.example)}\` | ${cell(c.does)} |`);
  return `# The built-in assistant

<!-- Generated from BUILTIN_COMMANDS by \`npm run docs:assistant\`; do not edit by hand. -->

Cairn's default assistant needs no language model and works offline. It reads one plain-English
request per message and answers a question from the data of the current version (through the
read-only query tool, never by changing data) or makes one change as a new version (with the same
tools an OpenAI-compatible model calls). It is deterministic: the same words on the same columns
always do the same thing. The code is \`src/main/services/assistant/builtin.ts\` and
\`src/main/services/assistant/builtin/\`.

## Commands

| Example | What it does |
| --- | --- |
${rows.join('\n')}

## How it reads a request

A small pipeline: normalise (case, politeness, punctuation) → recognise the intent (fixed
commands, questions, operations with slots, then the older command rules) → fill its slots from the
sentence → one validated tool call, or an answer written at once.

- Column names are matched as people write them: any case, singular or plural ("emails"), spaces
  for underscores ("discount pct"), symbols left out ("total spent" for "Total Spent ($)"), a
  unique word or abbreviation of a name ("products" → "Product Name", "quantity" → "Qty"). An
  unknown name gets the nearest column suggested.
- Conditions in words become Cairn expressions: is / equals / is not; greater, more, over, above,
  at least; less, under, below, at most; between; contains / starts with / ends with; is empty,
  missing, blank and is not; dates ("after March 2023", "in 2023", "before last month", read by
  chrono-node); and, or, not. A value the data is known to hold can stand alone ("shipped orders",
  "customers in Boston"). A word after a comparison is always a value, never a column.
- Numbers can be written as "1,200", "$45", "10k" or in words ("forty").
- Questions answer with the numbers formatted and rows as a compact table; removing rows "where X"
  keeps the rows where X is unknown (a missing value).
- Anything it cannot map: it says so, changes nothing, and offers two or three commands with this
  dataset's columns filled in.
- SQL (\`sql …\`, \`query: …\`, or a message starting with SELECT or WITH) is taken exactly as typed
  and runs read-only in a separate process: at most 50 rows are shown, and a query running over 10 s
  is stopped.

## Measured

\`npm run eval:assistant\` runs the evaluation set (\`tests/eval/assistant/\`: requests phrased the
many ways people type them, on three small datasets with messy column names) through the real chat
service and prints the accuracy by intent. \`npm run bench\` measures a built-in turn end to end.
`;
}
