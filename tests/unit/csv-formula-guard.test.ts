import { describe, expect, it } from 'vitest';
import { csvCell } from '../../src/main/services/datasets/exports';

const guarded = (text: string): string => csvCell(text, 'text', true);

describe('the CSV export formula guard', () => {
  it.each([
    ['=1+1'],
    ['+1'],
    ['-1+2'],
    ['@SUM(A1)'],
    [' =1+1'],
    ['   +cmd'],
    ['\u00a0=1+1'],
    ['\t=1+1'],
    ['\r=1+1'],
    ['\n=1+1'],
    ['\u0000=1'],
    ['\u200b=1'],
    ['\ufeff@x'],
    ['＝1+1'],
    ['＋1'],
    ['－1'],
    ['＠SUM(A1)'],
    [' ＝HYPERLINK("x")'],
    ['\tplain'],
  ])('defuses %j with a leading apostrophe', (text) => {
    const cell = guarded(text);
    // The apostrophe comes first, inside the quotes when the cell needs quoting.
    expect(cell.startsWith(`'`) || cell.startsWith(`"'`)).toBe(true);
    const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
    expect(unquoted).toBe(`'${text}`);
  });

  it.each([['plain'], ['a=b'], ['1-2'], ['email@example.com'], [''], ['x ＝ y']])(
    'leaves %j as it is',
    (text) => {
      expect(guarded(text)).toBe(text);
    },
  );

  it('is off when the person turns it off, and never touches numbers', () => {
    expect(csvCell(' =1+1', 'text', false)).toBe('" =1+1"');
    expect(csvCell(-5, 'integer', true)).toBe('-5');
  });
});
