import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/shared/chat';
import { renderUserTemplate, toModelHistory } from '../../src/main/services/assistant/service';

let n = 0;
function message(role: ChatMessage['role'], content: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    role,
    content,
    toolCalls: null,
    toolCallId: null,
    tokensUsed: null,
    versionId: null,
    error: null,
    createdAt: '2030-01-01T00:00:00.000Z',
    ...extra,
  };
}

describe('the user template', () => {
  it('fills the known placeholders, spaces inside the braces allowed', () => {
    expect(
      renderUserTemplate('Dataset {{dataset}} ({{ schema }}), profile {{profile}}: {{question}}', {
        question: 'How many rows?',
        dataset: 'people',
        schema: 'a (integer)',
        profile: 'Local',
      }),
    ).toBe('Dataset people (a (integer)), profile Local: How many rows?');
  });

  it('still carries the question when the template has no {{question}}, and an empty template is the question', () => {
    expect(renderUserTemplate('Be careful with {{dataset}}.', { question: 'Drop x', dataset: 'd' })).toBe(
      'Be careful with d.\n\nDrop x',
    );
    expect(renderUserTemplate('  ', { question: 'Drop x' })).toBe('Drop x');
  });
});

describe('the history a model reads', () => {
  it('keeps questions, answers and answered tool calls in order', () => {
    const call = { id: 'call_1', name: 'list_versions', arguments: '{}' };
    const history = toModelHistory([
      message('user', 'Versions?'),
      message('assistant', '', { toolCalls: [call] }),
      message('tool', '1 version', { toolCallId: 'call_1' }),
      message('assistant', 'There is one version.'),
    ]);
    expect(history).toEqual([
      { role: 'user', content: 'Versions?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'list_versions', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '1 version' },
      { role: 'assistant', content: 'There is one version.' },
    ]);
  });

  it('leaves out a tool call whose answer was never stored (a stopped turn), and empty failed replies', () => {
    const history = toModelHistory([
      message('user', 'Do it'),
      message('assistant', '', { toolCalls: [{ id: 'call_9', name: 'undo', arguments: '{}' }] }),
      message('assistant', '', { error: 'Stopped before the answer was finished.' }),
      message('user', 'Again'),
    ]);
    expect(history).toEqual([
      { role: 'user', content: 'Do it' },
      { role: 'user', content: 'Again' },
    ]);
  });

  it('matches a result only to the call just before it, so a reused id cannot answer a later call', () => {
    const call = { id: 'call_0', name: 'show_profile', arguments: '{}' };
    const history = toModelHistory([
      message('user', 'Profile?'),
      message('assistant', '', { toolCalls: [call] }),
      message('tool', 'the profile', { toolCallId: 'call_0' }),
      message('assistant', 'Here it is.'),
      message('user', 'Again, then stop'),
      message('assistant', '', { toolCalls: [call] }),
      message('assistant', '', { error: 'Stopped before the answer was finished.' }),
      message('user', 'Next'),
    ]);
    expect(history.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant', 'user', 'user']);
  });

  it('sends at most the newest 40 messages, starting at a question, never at a tool result', () => {
    const rows: ChatMessage[] = [];
    for (let i = 0; i < 30; i += 1) {
      const id = `call_${i}`;
      rows.push(message('user', `q${i}`));
      rows.push(message('assistant', '', { toolCalls: [{ id, name: 'show_profile', arguments: '{}' }] }));
      rows.push(message('tool', `r${i}`, { toolCallId: id }));
    }
    const history = toModelHistory(rows);
    expect(history.length).toBeLessThanOrEqual(40);
    expect(history[0]).toMatchObject({ role: 'user' });
    expect(history.at(-1)).toMatchObject({ role: 'tool', content: 'r29' });
  });
});
