/**
 * The engine matrix's input and its cases: a messy CSV (missing values, blanks, Unicode, numbers
 * and dates written as text, duplicate rows) and, for every operation in the catalogue, the
 * variants whose behaviour differs. Every case is applied in Cairn and replayed on each engine.
 */
import type { OperationInput, OperationKind } from '../../src/shared/operations';

const HEADER = ['id', 'name', 'city', 'amount', 'qty', 'active', 'joined', 'seen', 'code', 'tags'];

/** Columns: id integer, amount float, qty integer, active boolean, joined date, seen datetime; the rest text. */
const ROWS: string[][] = [
  ['1', 'Ann', 'NY', '10.5', '3', 'true', '2024-01-31', '2024-01-31T10:00:00', '00123', 'a;b;c'],
  ['2', '  Bob  ', 'ny', '-2.25', '', 'false', '2023-02-28', '2023-02-28T23:59:59Z', '42', 'a;b'],
  ['3', 'Straße', 'New York', '', '7', 'TRUE', '', '2024-03-01T08:30:00+01:00', ' 7 ', 'x'],
  ['4', 'ÉCOLE', 'LA', '1000', '-4', '', '2020-02-29', '', 'abc', ''],
  ['5', 'İstanbul', '', '0.1', '12', 'true', '2024-12-01', '2024-12-01T00:00:00.5', '3.50', ';;'],
  ['1', 'Ann', 'NY', '10.5', '3', 'true', '2024-01-31', '2024-01-31T10:00:00', '00123', 'a;b;c'],
  ['6', "o'neil  mc", 'LA', '9999.5', '250', 'false', '2019-07-04', '2019-07-04T12:00:00', '1e2', 'p;q'],
  ['7', 'ﬁsh and  chips', 'SF', '3.75', '2', 'true', '2024-01-15', '2024-01-15T06:07:08', 'yes', 'k'],
  ['8', '', 'sf', '2.5', '5', 'false', '2022-11-30', '2022-11-30T11:11:11-05:00', 'no', 'm;n;o;p'],
  ['9', 'zoë', 'NY', '-0.5', '1', '', '2021-05-05', '2021-05-05T05:05:05', '2024-02-30', 'a;'],
  ['10', 'ÅSA', 'LA', '7.125', '3', 'true', '2024-01-31', '2024-01-31T10:00:00', '2024-03-01 10:20', 'b;a'],
  [
    '11',
    'Ann',
    'NY',
    '10.5',
    '3',
    'true',
    '2024-01-31',
    '2024-01-31T10:00:00',
    '2024-03-01t10:20:30.5z',
    'a;b;c',
  ],
  ['12', 'bob', 'Chicago', '4.5', '', 'false', '2018-01-01', '2018-01-01T00:00:00', '+0530', 'z'],
  ['13', 'Ann', 'ny', '2.5', '5', 'true', '2023-08-08', '2023-08-08T08:08:08', '-17', 'a;b;c'],
  [
    '14',
    'Zed Zoo',
    'SF',
    '1.5',
    '-1',
    'false',
    '2017-03-03',
    '2017-03-03T03:03:03',
    '2024-03-01T10:20+0130',
    'u;v',
  ],
  ['15', 'Émile', 'LA', '6.25', '0', 'true', '2016-06-16', '2016-06-16T16:16:16', '1', 'w'],
  ['16', '2nd street', '', '', '', '', '', '', '', ''],
  [
    '17',
    'Ann',
    'NY',
    '10.5',
    '3',
    'true',
    '2024-01-31',
    '2024-01-31T10:00:00',
    '9223372036854775808',
    'a;b;c',
  ],
  ['3', 'Straße', 'New York', '', '7', 'TRUE', '', '2024-03-01T08:30:00+01:00', ' 7 ', 'x'],
  ['18', 'ann', 'LA', '8', '4', 'false', '2015-05-15', '2015-05-15T15:15:15', '0.0', 'c;b;a'],
];

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

export const MESSY_CSV = `${[HEADER, ...ROWS].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;

export interface EngineCase {
  /** Unique, short: the matrix row. */
  name: string;
  op: OperationKind;
  /** Applied in order from the imported version; the last is the operation under test. */
  ops: OperationInput[];
}

const c = (name: string, ...ops: OperationInput[]): EngineCase => ({
  name,
  op: ops[ops.length - 1]?.op as OperationKind,
  ops,
});

export const CASES: EngineCase[] = [
  c('select', { op: 'select_columns', columns: ['name', 'qty', 'active'] }),
  c('drop', { op: 'drop_columns', columns: ['tags', 'code'] }),
  c('rename', {
    op: 'rename_columns',
    renames: [
      { from: 'name', to: 'Full name' },
      { from: 'qty', to: 'name' },
    ],
  }),
  c('reorder', {
    op: 'reorder_columns',
    columns: ['tags', 'code', 'seen', 'joined', 'active', 'qty', 'amount', 'city', 'name', 'id'],
  }),

  c('cast text→integer', { op: 'cast_type', column: 'code', to: 'integer' }),
  c('cast text→float', { op: 'cast_type', column: 'code', to: 'float' }),
  c('cast text→boolean', { op: 'cast_type', column: 'code', to: 'boolean' }),
  c('cast text→date', { op: 'cast_type', column: 'code', to: 'date' }),
  c('cast text→datetime', { op: 'cast_type', column: 'code', to: 'datetime' }),
  c('cast integer→float', { op: 'cast_type', column: 'qty', to: 'float' }),
  c('cast integer→text', { op: 'cast_type', column: 'qty', to: 'text' }),
  c('cast integer→boolean', { op: 'cast_type', column: 'qty', to: 'boolean' }),
  c('cast float→integer', { op: 'cast_type', column: 'amount', to: 'integer' }),
  c('cast float→text', { op: 'cast_type', column: 'amount', to: 'text' }),
  c('cast boolean→integer', { op: 'cast_type', column: 'active', to: 'integer' }),
  c('cast boolean→text', { op: 'cast_type', column: 'active', to: 'text' }),
  c('cast date→datetime', { op: 'cast_type', column: 'joined', to: 'datetime' }),
  c('cast datetime→date', { op: 'cast_type', column: 'seen', to: 'date' }),
  c('cast (stop on failure)', { op: 'cast_type', column: 'id', to: 'float', onError: 'fail' }),

  c('filter numbers and booleans', { op: 'filter_rows', expression: 'qty > 2 AND active' }),
  c('filter text, LIKE', { op: 'filter_rows', expression: "city = 'NY' OR name LIKE 'a%'" }),
  c('filter IS NULL, IN', { op: 'filter_rows', expression: "amount IS NULL OR city IN ('LA', 'SF')" }),
  c('filter BETWEEN, NOT', { op: 'filter_rows', expression: 'NOT (qty BETWEEN 1 AND 5)' }),
  c('filter dates, length', { op: 'filter_rows', expression: "joined >= '2020-01-01' AND length(name) > 3" }),
  c('filter year()', { op: 'filter_rows', expression: 'year(joined) = 2024' }),
  c('filter lower()', { op: 'filter_rows', expression: "lower(name) = 'straße'" }),

  c('derive arithmetic', { op: 'derive_column', name: 'total', expression: 'amount * 2 + qty' }),
  c('derive division', { op: 'derive_column', name: 'third', expression: 'qty / 3' }),
  c('derive integer %', { op: 'derive_column', name: 'rest', expression: 'qty % 3' }),
  c('derive float %', { op: 'derive_column', name: 'rest', expression: 'amount % 2' }),
  c('derive concat()', {
    op: 'derive_column',
    name: 'label',
    expression: "concat(name, '-', qty, '-', active)",
  }),
  c('derive if()', { op: 'derive_column', name: 'flag', expression: "if(active, 'yes', 'no')" }),
  c('derive round()', { op: 'derive_column', name: 'r', expression: 'round(amount, 1)' }),
  c('derive floor(), ceil()', { op: 'derive_column', name: 'f', expression: 'floor(amount) + ceil(amount)' }),
  c('derive coalesce()', { op: 'derive_column', name: 'q', expression: 'coalesce(qty, 0)' }),
  c('derive upper()', { op: 'derive_column', name: 'u', expression: 'upper(name)' }),
  c('derive trim(), substr()', { op: 'derive_column', name: 's', expression: 'substr(trim(name), 2, 3)' }),
  c('derive replace()', { op: 'derive_column', name: 'c2', expression: "replace(city, 'N', 'n')" }),
  c('derive month(), abs()', { op: 'derive_column', name: 'm', expression: 'month(joined) + abs(qty)' }),

  c('fill value (integer)', { op: 'fill_missing', columns: ['qty'], strategy: 'value', value: 0 }),
  c('fill value (text)', {
    op: 'fill_missing',
    columns: ['city', 'name'],
    strategy: 'value',
    value: 'unknown',
  }),
  c('fill value (boolean, date)', {
    op: 'fill_missing',
    columns: ['active'],
    strategy: 'value',
    value: true,
  }),
  c('fill mean (float)', { op: 'fill_missing', columns: ['amount'], strategy: 'mean' }),
  c('fill mean (integer)', { op: 'fill_missing', columns: ['qty'], strategy: 'mean' }),
  c('fill median', { op: 'fill_missing', columns: ['amount', 'qty'], strategy: 'median' }),
  c('fill mode', { op: 'fill_missing', columns: ['city', 'active'], strategy: 'mode' }),
  c('fill forward', { op: 'fill_missing', columns: ['city', 'amount'], strategy: 'forward' }),
  c('fill backward', { op: 'fill_missing', columns: ['joined', 'qty'], strategy: 'backward' }),

  c('drop missing (any)', { op: 'drop_missing' }),
  c('drop missing (all of columns)', { op: 'drop_missing', columns: ['amount', 'qty'], how: 'all' }),
  c('drop missing (any of a column)', { op: 'drop_missing', columns: ['city'] }),

  c('deduplicate rows', { op: 'deduplicate' }),
  c('deduplicate by column, keep last', { op: 'deduplicate', columns: ['name'], keep: 'last' }),

  c('sort text', { op: 'sort', keys: [{ column: 'name', direction: 'asc', nulls: 'last' }] }),
  c('sort two keys, missing first', {
    op: 'sort',
    keys: [
      { column: 'city', direction: 'desc', nulls: 'first' },
      { column: 'amount', direction: 'asc', nulls: 'first' },
    ],
  }),
  c('sort mixed missing', {
    op: 'sort',
    keys: [
      { column: 'active', direction: 'asc', nulls: 'last' },
      { column: 'joined', direction: 'desc', nulls: 'first' },
    ],
  }),

  c('replace contains', { op: 'find_replace', columns: ['city'], find: 'N', replace: 'n', mode: 'contains' }),
  c('replace contains, any case', {
    op: 'find_replace',
    columns: ['name'],
    find: 'ann',
    replace: 'X',
    mode: 'contains',
    caseSensitive: false,
  }),
  c('replace exact', { op: 'find_replace', columns: ['city'], find: 'ny', replace: 'NY', mode: 'exact' }),
  c('replace exact, any case', {
    op: 'find_replace',
    columns: ['city'],
    find: 'ny',
    replace: 'New York',
    mode: 'exact',
    caseSensitive: false,
  }),
  c('replace regex', { op: 'find_replace', columns: ['code'], find: '[0-9]+', replace: '#', mode: 'regex' }),
  c('replace regex groups', {
    op: 'find_replace',
    columns: ['tags'],
    find: '(\\w+);(\\w+)',
    replace: '$2;$1',
    mode: 'regex',
  }),
  c('replace regex, any case', {
    op: 'find_replace',
    columns: ['name'],
    find: 'a\\w',
    replace: '_',
    mode: 'regex',
    caseSensitive: false,
  }),

  c('clean trim', { op: 'text_clean', columns: ['name', 'code'], trim: true }),
  c('clean collapse whitespace', {
    op: 'text_clean',
    columns: ['name'],
    trim: false,
    collapseWhitespace: true,
  }),
  c('clean lowercase', { op: 'text_clean', columns: ['name', 'city'], trim: true, case: 'lower' }),
  c('clean uppercase', { op: 'text_clean', columns: ['name'], trim: false, case: 'upper' }),
  c('clean title case', { op: 'text_clean', columns: ['name'], trim: true, case: 'title' }),

  c('split in two', { op: 'split_column', column: 'tags', delimiter: ';', into: ['first', 'rest'] }),
  c('split in three, keep original', {
    op: 'split_column',
    column: 'tags',
    delimiter: ';',
    into: ['t1', 't2', 't3'],
    keepOriginal: true,
  }),

  c('merge text', { op: 'merge_columns', columns: ['name', 'city'], separator: ' / ', into: 'who' }),
  c('merge numbers and booleans', {
    op: 'merge_columns',
    columns: ['qty', 'active', 'joined'],
    separator: '|',
    into: 'mix',
    keepOriginals: true,
  }),
  c('merge floats', { op: 'merge_columns', columns: ['city', 'amount'], separator: ':', into: 'ca' }),

  c('clip IQR', { op: 'clip_outliers', column: 'amount', method: 'iqr' }),
  c('clip z-score (integer)', { op: 'clip_outliers', column: 'qty', method: 'zscore', factor: 1 }),
  c('clip bounds (float)', { op: 'clip_outliers', column: 'amount', method: 'bounds', lower: 0, upper: 100 }),
  c('clip bounds (integer)', {
    op: 'clip_outliers',
    column: 'qty',
    method: 'bounds',
    lower: 0.5,
    upper: 10.5,
  }),

  c('group by, every aggregate', {
    op: 'group_aggregate',
    by: ['city'],
    aggregations: [
      { fn: 'count', as: 'rows' },
      { column: 'amount', fn: 'count', as: 'amounts' },
      { column: 'qty', fn: 'sum', as: 'qty_sum' },
      { column: 'amount', fn: 'sum', as: 'amount_sum' },
      { column: 'amount', fn: 'mean', as: 'amount_mean' },
      { column: 'name', fn: 'min', as: 'first_name' },
      { column: 'joined', fn: 'max', as: 'last_joined' },
      { column: 'name', fn: 'count_distinct', as: 'names' },
    ],
  }),
  c('group by, median', {
    op: 'group_aggregate',
    by: ['active'],
    aggregations: [{ column: 'amount', fn: 'median', as: 'amount_median' }],
  }),
  c('aggregate all rows', {
    op: 'group_aggregate',
    by: [],
    aggregations: [
      { fn: 'count', as: 'rows' },
      { column: 'qty', fn: 'median', as: 'qty_median' },
      { column: 'active', fn: 'max', as: 'any_active' },
      { column: 'active', fn: 'sum', as: 'actives' },
    ],
  }),

  c('sample first n', { op: 'sample', method: 'first', n: 5 }),
  c('sample first fraction', { op: 'sample', method: 'first', fraction: 0.3 }),
  c('sample random n', { op: 'sample', method: 'random', n: 7, seed: 42 }),
  c('sample random fraction', { op: 'sample', method: 'random', fraction: 0.5, seed: 7 }),

  c('edit row text', { op: 'edit_cells', column: 'city', where: 'row', row: 3, value: 'Boston' }),
  c('edit row float', { op: 'edit_cells', column: 'amount', where: 'row', row: 4, value: 2.75 }),
  c('edit row to missing', { op: 'edit_cells', column: 'qty', where: 'row', row: 1, value: null }),
  c('edit row boolean', { op: 'edit_cells', column: 'active', where: 'row', row: 4, value: 'yes' }),
  c(
    'edit row after a sort',
    { op: 'sort', keys: [{ column: 'amount', direction: 'desc' }] },
    { op: 'edit_cells', column: 'name', where: 'row', row: 2, value: 'Second' },
  ),
  c(
    'edit row after a filter',
    { op: 'filter_rows', expression: "city = 'LA'" },
    { op: 'edit_cells', column: 'seen', where: 'row', row: 2, value: '2020-01-01 10:00' },
  ),
  c('edit value text', { op: 'edit_cells', column: 'city', where: 'value', match: 'NY', value: 'New York' }),
  c('edit value float', { op: 'edit_cells', column: 'amount', where: 'value', match: 10.5, value: '11' }),
  c('edit value integer', { op: 'edit_cells', column: 'qty', where: 'value', match: 3, value: 30 }),
  c('edit value missing', { op: 'edit_cells', column: 'qty', where: 'value', match: null, value: 0 }),
  c('edit value to missing', { op: 'edit_cells', column: 'city', where: 'value', match: 'LA', value: null }),
  c('edit value date', {
    op: 'edit_cells',
    column: 'joined',
    where: 'value',
    match: '2024-01-31',
    value: '2024-02-01',
  }),
  c('edit value boolean', { op: 'edit_cells', column: 'active', where: 'value', match: false, value: true }),

  c(
    'three steps',
    { op: 'drop_missing', columns: ['city'] },
    { op: 'derive_column', name: 'big', expression: 'amount > 5' },
    { op: 'group_aggregate', by: ['big'], aggregations: [{ fn: 'count', as: 'n' }] },
  ),
];
