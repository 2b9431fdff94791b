/**
 * The evaluation set: requests as people type them, each with the outcome checked on the reply or
 * on the resulting data. Written before the interpreter was tuned; keep the phrasings varied and
 * never tune one case at the expense of the general rule.
 */
import {
  all,
  answers,
  columnsAre,
  columnValues,
  count,
  everyRow,
  hasColumns,
  lacksColumns,
  mean,
  median,
  never,
  offersHelp,
  rowCount,
  says,
  std,
  sum,
  unchanged,
  values,
  type Check,
} from './expect';
import { customers as C, orders as O, staff as S, type FixtureName, type Record_ } from './fixtures';

export interface Case {
  intent: string;
  dataset: FixtureName;
  text: string;
  expect: Check;
}

const age = (r: Record_) => (typeof r.Age === 'number' ? r.Age : null);
const price = (r: Record_) => r['unit price'] as number;
const nC = C.rows.length;
const nO = O.rows.length;
const nS = S.rows.length;

const c = (intent: string, text: string, expect: Check): Case => ({
  intent,
  dataset: 'customers',
  text,
  expect,
});
const o = (intent: string, text: string, expect: Check): Case => ({
  intent,
  dataset: 'orders',
  text,
  expect,
});
const s = (intent: string, text: string, expect: Check): Case => ({ intent, dataset: 'staff', text, expect });

const over40 = count(C, (r) => (age(r) ?? 0) > 40);
const boston = count(C, (r) => r.City === 'Boston');
const shipped = count(O, (r) => r.Status === 'shipped');

export const CASES: Case[] = [
  // Row count
  c('count', 'how many rows are there?', answers(nC)),
  c('count', 'How many customers do we have', answers(nC)),
  o('count', 'row count', answers(nO)),
  o('count', 'number of records', answers(nO)),
  s('count', 'how big is this dataset', answers(nS)),
  s('count', 'count the rows', answers(nS)),

  // Count with a condition
  o('count_where', 'how many rows have unit price over 100', answers(count(O, (r) => price(r) > 100))),
  c('count_where', 'how many customers are older than 40?', answers(over40)),
  c('count_where', 'how many customers live in Boston', answers(boston)),
  c('count_where', 'count rows where city is boston', answers(boston)),
  o('count_where', 'how many orders are shipped', answers(shipped)),
  o('count_where', 'number of orders with status pending', answers(count(O, (r) => r.Status === 'pending'))),
  o('count_where', 'how many orders have qty at least 3', answers(count(O, (r) => (r.Qty as number) >= 3))),
  c('count_where', 'how many people have no email', answers(count(C, (r) => r.email === null))),
  c(
    'count_where',
    'How many customers signed up after March 2023?',
    answers(count(C, (r) => (r.signup_date as string) > '2023-03-31')),
  ),
  c(
    'count_where',
    'how many rows where age is between 30 and 45',
    answers(count(C, (r) => (age(r) ?? -1) >= 30 && (age(r) ?? 99) <= 45)),
  ),
  s(
    'count_where',
    'how many staff earn more than 50000',
    answers(count(S, (r) => (r.salary as number) > 50000)),
  ),
  o(
    'count_where',
    'how many orders in 2024',
    answers(count(O, (r) => (r['order date'] as string).startsWith('2024'))),
  ),
  c(
    'count_where',
    'how many active customers are in Chicago',
    answers(count(C, (r) => r.is_active === true && r.City === 'Chicago')),
  ),

  // Distinct values
  c('distinct', 'what are the distinct cities', says('Boston', 'Chicago', 'Denver', 'Austin')),
  o('distinct', 'unique values of status', says('shipped', 'pending', 'cancelled', 'returned')),
  o('distinct', 'list the different regions', says('North', 'South', 'East', 'West')),
  s('distinct', 'which departments are there?', says('Sales', 'Engineering', 'Support')),
  o(
    'distinct',
    'how many different products are there',
    answers(new Set(O.rows.map((r) => r['Product Name'])).size),
  ),
  c('distinct', 'how many unique cities', answers(4)),

  // Statistics
  c('stat', 'what is the average age', answers(mean(values(C, 'Age')))),
  c('stat', 'mean age?', answers(mean(values(C, 'Age')))),
  c('stat', 'median total spent', answers(median(values(C, 'Total Spent ($)')))),
  o('stat', 'what is the highest unit price', answers(Math.max(...O.rows.map(price)))),
  o('stat', 'max qty', answers(10)),
  c('stat', 'who is the youngest? what is the lowest age', answers(Math.min(...values(C, 'Age')))),
  c('stat', 'minimum age', answers(27)),
  o('stat', 'total quantity', answers(sum(values(O, 'Qty')))),
  o('stat', 'sum of qty', answers(sum(values(O, 'Qty')))),
  s('stat', 'standard deviation of salary', answers(std(values(S, 'salary')))),
  s('stat', "what's the std of salary", answers(std(values(S, 'salary')))),
  s('stat', 'average salary', answers(mean(values(S, 'salary')))),
  c(
    'stat',
    'average total spent for customers in Boston',
    answers(mean(values(C, 'Total Spent ($)', (r) => r.City === 'Boston'))),
  ),
  o('stat', 'what is the mean discount', answers(mean(values(O, 'discount_pct')))),

  // Per group
  s(
    'stat_group',
    'average salary per department',
    answers(
      mean(values(S, 'salary', (r) => r['Dept.'] === 'Sales')),
      mean(values(S, 'salary', (r) => r['Dept.'] === 'Support')),
    ),
  ),
  o(
    'stat_group',
    'total qty by region',
    answers(
      sum(values(O, 'Qty', (r) => r.Region === 'North')),
      sum(values(O, 'Qty', (r) => r.Region === 'East')),
    ),
  ),
  c('stat_group', 'how many customers per city', all(says('Boston', 'Chicago'), answers(boston))),
  o('stat_group', 'number of orders by status', all(says('shipped', 'pending'), answers(shipped))),
  c('stat_group', 'max age for each city', answers(70, 52)),
  o('stat_group', 'what is the average unit price by product name', answers(149.99, 499)),

  // Top values
  c('top', 'top 3 cities', says('Boston', 'Chicago')),
  o('top', 'most common product', says('Desk Lamp')),
  o('top', 'what are the top 2 regions', says('North', 'South')),
  s('top', 'most frequent dept', says('Engineering', 'Sales')),
  c('top', 'top 5 customers by total spent', says('Ivy', 'Cara')),
  s('top', 'which 3 people have the highest salary', says('Gina', 'Dave')),

  // Missing values
  c('missing', 'which columns have missing values?', says('Age', 'City', 'email', 'Notes')),
  c('missing', 'missing values per column', says('email', 'Notes')),
  c('missing', 'how many missing values in age', answers(1)),
  o('missing', 'are there any nulls', says('discount_pct')),
  s('missing', 'how many blanks does phone number have', answers(1)),
  c('missing', 'count of empty emails', answers(2)),

  // Describe a column
  c('describe', 'describe age', all(answers(27, 70), says('integer'))),
  o('describe', 'tell me about the unit price column', answers(25, 499)),
  c('describe', 'describe City', says('Boston', 'missing')),
  s('describe', 'summary of salary', answers(39000, 250000)),
  o('describe', 'what does the Status column look like', says('shipped')),

  // What's wrong
  c('insights', "what's wrong with this data?", all(unchanged, never('{"'), never(/"op":/))),
  s('insights', 'what are the biggest problems', all(unchanged, never('{"'))),
  o('insights', 'any issues?', all(unchanged, never('{"'))),
  s('insights', 'show insights', all(unchanged, never('{"'))),

  // Quality
  c('quality', 'what is the quality score', all(unchanged, says('quality score:', 'out of 100'))),
  s('quality', 'how good is the data quality and why', all(unchanged, says('quality score:', 'out of 100'))),
  o('quality', 'quality score?', all(unchanged, says('quality score:', 'out of 100'))),

  // Columns and rows
  c('show', 'list columns', says('First Name', 'Total Spent ($)')),
  o('show', 'what columns are there', says('unit price', 'order date')),
  c('show', 'show me the first 5 rows', all(unchanged, says('Ann', 'Eve'), never('Finn'))),
  c('show', 'show customers from Denver', all(unchanged, says('Dan', 'Ivy'), never('Ann'))),
  o('show', 'show orders where qty is more than 4', all(unchanged, says('A-7', 'A-10'), never('A-1 '))),
  s('show', 'preview', all(unchanged, says('Dave'))),

  // Versions
  c('versions', 'list versions', all(unchanged, says('v1'), never(/[0-9a-f]{8}-[0-9a-f]{4}-/))),
  c('versions', 'show history', all(unchanged, says('v1'), never(/[0-9a-f]{8}-[0-9a-f]{4}-/))),

  // Derive
  o(
    'derive',
    'add a column total = qty * unit price',
    all(
      hasColumns('total'),
      columnValues(
        'total',
        O.rows.map((r) => (r.Qty as number) * price(r)),
      ),
    ),
  ),
  o(
    'derive',
    'create a new column called revenue as qty times unit price',
    columnValues(
      'revenue',
      O.rows.map((r) => (r.Qty as number) * price(r)),
    ),
  ),
  o(
    'derive',
    'derive line total from qty multiplied by unit price',
    columnValues(
      'line total',
      O.rows.map((r) => (r.Qty as number) * price(r)),
    ),
  ),
  s(
    'derive',
    'add column monthly = salary / 12',
    columnValues(
      'monthly',
      S.rows.map((r) => (r.salary as number) / 12),
    ),
  ),
  c(
    'derive',
    'make a column age_next_year which is age plus 1',
    columnValues(
      'age_next_year',
      C.rows.map((r) => (age(r) === null ? null : (age(r) as number) + 1)),
    ),
  ),
  o(
    'derive',
    'calculate discounted price as unit price minus 5',
    columnValues(
      'discounted price',
      O.rows.map((r) => price(r) - 5),
    ),
  ),
  s(
    'derive',
    'new column salary_k = salary divided by 1000',
    columnValues(
      'salary_k',
      S.rows.map((r) => (r.salary as number) / 1000),
    ),
  ),

  // Merge
  c(
    'merge',
    'combine First Name and last_name into full name with a space',
    columnValues(
      'full name',
      C.rows.map((r) => `${r['First Name']} ${r.last_name}`),
    ),
  ),
  c('merge', 'merge first name and last name into "name"', hasColumns('name')),
  o(
    'merge',
    "concatenate Product Name and Region into label separated by ' - '",
    columnValues(
      'label',
      O.rows.map((r) => `${r['Product Name']} - ${r.Region}`),
    ),
  ),
  c('merge', 'join city and email into contact with ", "', hasColumns('contact')),

  // Split
  s(
    'split',
    'split Tags on ";" into work_mode and level',
    all(hasColumns('work_mode', 'level'), lacksColumns('Tags')),
  ),
  o('split', 'split order date by "-" into year, month and day', hasColumns('year', 'month', 'day')),
  s('split', 'split full name on space into first and last', hasColumns('first', 'last')),
  o('split', "split order_id at '-' into prefix, number", hasColumns('prefix', 'number')),

  // First N / sample
  c('sample', 'keep the first 5 rows', rowCount(5)),
  o('sample', 'take a random sample of 4 rows', rowCount(4)),
  s('sample', 'only the top 3 rows', rowCount(3)),
  c('sample', 'sample 50% of the rows', rowCount(6)),
  o('sample', 'limit to 2 rows', rowCount(2)),

  // Move / reorder columns
  c('move', 'move email to the front', (x) =>
    x.columns[0] === 'email' ? null : `first column is ${x.columns[0]}`,
  ),
  c('move', 'put Notes first', (x) => (x.columns[0] === 'Notes' ? null : `first column is ${x.columns[0]}`)),
  o('move', 'move order_id to the end', (x) =>
    x.columns.at(-1) === 'order_id' ? null : `last column is ${x.columns.at(-1)}`,
  ),
  o('move', 'move Region after Product Name', (x) =>
    x.columns[x.columns.indexOf('Product Name') + 1] === 'Region' ? null : JSON.stringify(x.columns),
  ),
  s('move', 'reorder columns salary, Full Name', (x) =>
    x.columns[0] === 'salary' && x.columns[1] === 'Full Name' ? null : JSON.stringify(x.columns),
  ),

  // Group and aggregate (an operation that makes a new table)
  o('group', 'group by region and sum qty', all(hasColumns('Region'), rowCount(4))),
  s('group', 'group by dept and calculate the average salary', all(hasColumns('Dept.'), rowCount(3))),
  o('group', 'aggregate qty by status', all(hasColumns('Status'), rowCount(4))),
  c('group', 'group customers by city and count them', rowCount(5)),
  o(
    'group',
    'summarise by product name: total qty and max unit price',
    all(hasColumns('Product Name'), rowCount(5)),
  ),

  // Cast
  c('cast', 'convert age to float', changed1()),
  c('cast', 'change Customer ID to text', changed1()),
  o('cast', 'make qty a decimal', changed1()),
  s('cast', 'cast start date to text', changed1()),

  // Fill
  c(
    'fill',
    'fill missing age with the median',
    columnValues(
      'Age',
      C.rows.map((r) => age(r) ?? median(values(C, 'Age'))),
    ),
  ),
  c(
    'fill',
    'replace empty city with Unknown',
    columnValues(
      'City',
      C.rows.map((r) => r.City ?? 'Unknown'),
    ),
  ),
  o(
    'fill',
    'fill blanks in discount pct with 0',
    columnValues(
      'discount_pct',
      O.rows.map((r) => r.discount_pct ?? 0),
    ),
  ),
  c(
    'fill',
    'fill in missing total spent using the mean',
    everyRow((r) => r['Total Spent ($)'] !== null, 'a total'),
  ),
  c(
    'fill',
    'set missing emails to "none@example.com"',
    everyRow((r) => r.email !== null, 'an email'),
  ),

  // Find and replace
  o(
    'replace',
    'replace "Desk" with "Table" in product name',
    everyRow((r) => !String(r['Product Name']).includes('Desk'), 'no Desk'),
  ),
  c('replace', 'change Boston to BOS in city', (x) =>
    x.rows.filter((r) => r.City === 'BOS').length === boston ? null : 'not replaced',
  ),
  o('replace', 'in status replace cancelled with canceled', (x) =>
    x.rows.some((r) => r.Status === 'canceled') ? null : 'not replaced',
  ),
  s('replace', "replace 'Support' by 'Help Desk' in Dept.", (x) =>
    x.rows.some((r) => r['Dept.'] === 'Help Desk') ? null : 'not replaced',
  ),

  // Clean text
  s(
    'clean',
    'trim full name',
    everyRow((r) => String(r['Full Name']) === String(r['Full Name']).trim(), 'trimmed names'),
  ),
  s('clean', 'make full name title case', (x) =>
    x.rows.some((r) => r['Full Name'] === 'Bob Jones') ? null : 'not title case',
  ),
  s(
    'clean',
    'lowercase the full names',
    everyRow((r) => String(r['Full Name']) === String(r['Full Name']).toLowerCase(), 'lower case'),
  ),
  o(
    'clean',
    'uppercase region',
    columnValues(
      'Region',
      O.rows.map((r) => String(r.Region).toUpperCase()),
    ),
  ),
  s('clean', 'clean up spaces in full name', (x) =>
    x.rows.some((r) => r['Full Name'] === 'eve black') ? null : 'spaces not collapsed',
  ),

  // Clip outliers
  s('clip', 'clip outliers in salary', (x) =>
    x.changed && Math.max(...x.rows.map((r) => r.salary as number)) < 250000 ? null : 'not clipped',
  ),
  o('clip', 'cap the outliers of unit price', changed1()),
  s('clip', 'clip salary between 40000 and 100000', (x) =>
    x.changed && x.rows.every((r) => (r.salary as number) >= 40000 && (r.salary as number) <= 100000)
      ? null
      : 'not clipped to bounds',
  ),

  // Dedupe
  s('dedupe', 'remove duplicates', rowCount(nS - 1)),
  s('dedupe', 'drop duplicate rows', rowCount(nS - 1)),
  o('dedupe', 'dedupe by product name', rowCount(new Set(O.rows.map((r) => r['Product Name'])).size)),
  c('dedupe', 'remove duplicate cities keeping the last', rowCount(new Set(C.rows.map((r) => r.City)).size)),

  // Drop / keep / rename columns
  c('drop', 'drop the notes column', lacksColumns('Notes')),
  c('drop', 'remove columns email and is_active', lacksColumns('email', 'is_active')),
  o('drop', 'delete discount pct', lacksColumns('discount_pct')),
  s('drop', 'get rid of phone numbers', lacksColumns('phone number')),
  c('keep', 'keep only first name, age and city', columnsAre(['First Name', 'Age', 'City'])),
  o('keep', 'select product name and qty', columnsAre(['Product Name', 'Qty'])),
  c('rename', 'rename total spent to spend', hasColumns('spend')),
  s('rename', 'rename Dept. to department', hasColumns('department')),
  o('rename', 'call the qty column quantity', hasColumns('quantity')),
  c('rename', 'rename column last_name as surname', hasColumns('surname')),

  // Filter (keep rows)
  c('filter', 'keep customers older than 40', rowCount(over40)),
  c('filter', 'filter city is Boston', rowCount(boston)),
  o('filter', 'only keep rows where status is shipped', rowCount(shipped)),
  o(
    'filter',
    'keep orders with unit price above 40 and qty at least 2',
    rowCount(count(O, (r) => price(r) > 40 && (r.Qty as number) >= 2)),
  ),
  c('filter', 'keep rows where email is not empty', rowCount(count(C, (r) => r.email !== null))),
  c(
    'filter',
    'filter to customers who signed up in 2023',
    rowCount(count(C, (r) => String(r.signup_date).startsWith('2023'))),
  ),
  o(
    'filter',
    'keep rows where product name contains desk',
    rowCount(count(O, (r) => /desk/i.test(String(r['Product Name'])))),
  ),
  c('filter', 'keep people whose first name starts with a', rowCount(1)),
  o(
    'filter',
    'filter orders before April 2023',
    rowCount(count(O, (r) => String(r['order date']) < '2023-04-01')),
  ),
  c(
    'filter',
    'keep rows where city is Boston or Denver',
    rowCount(count(C, (r) => r.City === 'Boston' || r.City === 'Denver')),
  ),
  s('filter', 'keep staff with salary under 50000', rowCount(count(S, (r) => (r.salary as number) < 50000))),
  c('filter', 'filter where is active is true', rowCount(count(C, (r) => r.is_active === true))),
  c('filter', 'keep the active customers', rowCount(count(C, (r) => r.is_active === true))),

  // Remove rows
  o('remove_rows', 'remove rows where status is cancelled', rowCount(nO - 1)),
  o('remove_rows', 'delete orders with qty less than 2', rowCount(count(O, (r) => (r.Qty as number) >= 2))),
  c('remove_rows', 'drop customers younger than 30', rowCount(count(C, (r) => !((age(r) ?? 99) < 30)))),
  o('remove_rows', 'exclude rows where region is not North', rowCount(count(O, (r) => r.Region === 'North'))),
  c('remove_rows', 'remove rows with missing email', rowCount(count(C, (r) => r.email !== null))),
  c('remove_rows', 'drop rows where city is empty', rowCount(nC - 1)),
  o('remove_rows', 'get rid of the returned orders', rowCount(nO - 1)),

  // Sort
  c('sort', 'sort by age', (x) => firstIs(x.rows, 'First Name', 'Ivy')),
  c('sort', 'sort by age descending', (x) => firstIs(x.rows, 'First Name', 'Leo')),
  c('sort', 'oldest first', (x) => firstIs(x.rows, 'First Name', 'Leo')),
  c('sort', 'sort customers by signup date, newest first', (x) => firstIs(x.rows, 'First Name', 'Gia')),
  c('sort', 'sort by first name alphabetically', (x) => firstIs(x.rows, 'First Name', 'Ann')),
  o('sort', 'order by unit price, largest first', (x) => firstIs(x.rows, 'order_id', 'A-5')),
  s('sort', 'sort by salary from high to low', (x) => firstIs(x.rows, 'Full Name', 'Gina Gray')),
  c('sort', 'sort by city A to Z then age descending', (x) => firstIs(x.rows, 'First Name', 'Jon')),
  o('sort', 'sort by region Z to A', (x) => firstIs(x.rows, 'Region', 'West')),

  // Missing rows
  c(
    'drop_missing',
    'drop rows with missing values',
    rowCount(count(C, (r) => Object.values(r).every((v) => v !== null))),
  ),
  c('drop_missing', 'remove rows that have no age', rowCount(nC - 1)),

  // Undo
  c(
    'undo',
    'undo',
    all(unchanged, (x) => (x.reply === '' ? 'no reply' : null)),
  ),

  // Not understood: say so, offer commands with this dataset's columns, change nothing
  c('unknown', 'make it better', offersHelp(C)),
  o('unknown', 'frobnicate the widgets', offersHelp(O)),
  s('unknown', 'what is the meaning of life', offersHelp(S)),
  c('unknown', 'sort by favourite colour', all(unchanged, says('no column'))),
  o('unknown', 'drop the shoe size column', all(unchanged, says('no column'))),
];

function changed1(): Check {
  return (x) => (x.changed ? null : `nothing changed; said: ${x.reply.slice(0, 160)}`);
}

function firstIs(rows: Record_[], column: string, value: string): string | null {
  const first = rows[0]?.[column];
  return first === value ? null : `first ${column} is ${String(first)}, expected ${value}`;
}
