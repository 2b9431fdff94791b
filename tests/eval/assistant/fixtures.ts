/**
 * Small datasets with column names written the way real exports write them: mixed case, spaces,
 * underscores, symbols, a plural here and there. Each is a list of records (a missing value is
 * null) so that the evaluation's expected answers are computed from the same rows it imports.
 */
export type Cell = string | number | boolean | null;
export type Record_ = Record<string, Cell>;

export interface Fixture {
  name: string;
  columns: string[];
  rows: Record_[];
}

function fixture(name: string, columns: string[], rows: Cell[][]): Fixture {
  return {
    name,
    columns,
    rows: rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null]))),
  };
}

export const customers = fixture(
  'customers',
  [
    'Customer ID',
    'First Name',
    'last_name',
    'Age',
    'City',
    'signup_date',
    'Total Spent ($)',
    'email',
    'is_active',
    'Notes',
  ],
  [
    [1, 'Ann', 'Lee', 34, 'Boston', '2023-01-15', 120.5, 'ann@example.com', true, 'vip'],
    [2, 'Bob', 'Stone', 45, 'Chicago', '2022-11-03', 80, 'bob@example.com', false, null],
    [3, 'Cara', 'Diaz', null, 'Boston', '2023-04-20', 300, null, true, 'moved in spring'],
    [4, 'Dan', 'Wu', 29, 'Denver', '2021-07-09', 45.25, 'dan@example.com', true, null],
    [5, 'Eve', 'Park', 52, 'Chicago', '2023-06-01', null, 'eve@example.com', false, 'late payer'],
    [6, 'Finn', 'Moss', 41, 'Austin', '2022-02-14', 150, 'finn@example.com', true, null],
    [7, 'Gia', 'Rossi', 38, 'Boston', '2024-01-10', 220, 'gia@example.com', true, 'vip'],
    [8, 'Hal', 'Reed', 61, null, '2020-09-30', 95, 'hal@example.com', false, null],
    [9, 'Ivy', 'Chen', 27, 'Denver', '2023-09-12', 410, 'ivy@example.com', true, null],
    [10, 'Jon', 'Kim', 45, 'Austin', '2023-03-05', 60, null, true, 'asked for refund'],
    [11, 'Kay', 'Ford', 33, 'Chicago', '2022-12-24', 175, 'kay@example.com', false, null],
    [12, 'Leo', 'Hunt', 70, 'Boston', '2021-05-17', 88, 'leo@example.com', true, null],
  ],
);

export const orders = fixture(
  'orders',
  ['order_id', 'Product Name', 'Qty', 'unit price', 'Status', 'order date', 'Region', 'discount_pct'],
  [
    ['A-1', 'Desk Lamp', 2, 35, 'shipped', '2023-02-01', 'North', 0],
    ['A-2', 'Office Chair', 1, 149.99, 'pending', '2023-02-03', 'South', 10],
    ['A-3', 'Desk Lamp', 4, 35, 'shipped', '2023-03-11', 'East', null],
    ['A-4', 'Monitor Stand', 3, 42.5, 'cancelled', '2023-03-15', 'North', 5],
    ['A-5', 'Standing Desk', 1, 499, 'shipped', '2023-04-02', 'West', 15],
    ['A-6', 'Office Chair', 2, 149.99, 'returned', '2023-05-20', 'South', null],
    ['A-7', 'Keyboard', 5, 25, 'shipped', '2023-06-08', 'East', 0],
    ['A-8', 'Monitor Stand', 1, 42.5, 'pending', '2023-07-19', 'West', 0],
    ['A-9', 'Standing Desk', 2, 499, 'shipped', '2024-01-05', 'North', 20],
    ['A-10', 'Keyboard', 10, 25, 'shipped', '2024-02-14', 'South', 5],
  ],
);

export const staff = fixture(
  'staff',
  ['Full Name', 'Dept.', 'salary', 'Start Date', 'phone number', 'Years of Service', 'Tags'],
  [
    ['  alice smith ', 'Sales', 52000, '2019-03-01', '555-0101', 5, 'remote;senior'],
    ['BOB JONES', 'Engineering', 98000, '2015-06-15', '555-0102', 9, 'onsite;lead'],
    ['carol white', 'Sales', 47000, '2021-01-10', null, 3, 'remote;junior'],
    ['Dave Brown', 'Engineering', 105000, '2012-09-01', '555-0104', 12, 'onsite;senior'],
    ['eve  black', 'Support', 39000, '2022-04-18', '555-0105', 2, 'remote;junior'],
    ['Frank Green', 'Support', 41000, '2020-11-30', '555-0106', 4, null],
    ['BOB JONES', 'Engineering', 98000, '2015-06-15', '555-0102', 9, 'onsite;lead'],
    ['Gina Gray', 'Sales', 250000, '2018-02-12', '555-0108', 6, 'onsite;senior'],
  ],
);

export const FIXTURES = [customers, orders, staff] as const;
export type FixtureName = (typeof FIXTURES)[number]['name'];

function csvCell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(f: Fixture): string {
  const lines = [f.columns.map(csvCell).join(',')];
  for (const row of f.rows) lines.push(f.columns.map((c) => csvCell(row[c] ?? null)).join(','));
  return `${lines.join('\n')}\n`;
}
