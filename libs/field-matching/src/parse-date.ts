import { canonicalText } from './canonical-text';
import { fail, ok, type Result } from './result';

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTHS = new Map<string, number>([
  ...MONTH_NAMES.flatMap(
    (name, index) =>
      [
        [name, index + 1],
        [name.slice(0, 3), index + 1],
      ] as const,
  ),
  ['sept', 9],
]);

interface DateParts {
  year: number;
  month: number;
  day: number;
}

// A birth date is a calendar date: the time and offset are ignored, since converting
// '1980-10-01T00:00:00+06:00' to UTC would move it to the previous day.
const ISO_DATE_TIME = /^(\d{4})-(\d{1,2})-(\d{1,2})[t ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?$/;
const YEAR_FIRST = /^(\d{4}) ?([/.-]) ?(\d{1,2}) ?\2 ?(\d{1,2})$/;
// Day first, as dates are written in Bangladesh: '1/10/1980' is 1 October.
const DAY_FIRST = /^(\d{1,2}) ?([/.-]) ?(\d{1,2}) ?\2 ?(\d{4})$/;
const DAY_MONTH_NAME = /^(\d{1,2})(?:st|nd|rd|th)?[ ,./-]*([a-z]+)\.?[ ,./-]*(\d{4})$/;
const MONTH_NAME_DAY = /^([a-z]+)\.?[ ,./-]*(\d{1,2})(?:st|nd|rd|th)?[ ,./-]*(\d{4})$/;

function readParts(text: string): DateParts | string {
  let match: RegExpExecArray | null;
  if ((match = ISO_DATE_TIME.exec(text))) return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if ((match = YEAR_FIRST.exec(text))) return { year: Number(match[1]), month: Number(match[3]), day: Number(match[4]) };
  if ((match = DAY_FIRST.exec(text))) return { year: Number(match[4]), month: Number(match[3]), day: Number(match[1]) };
  const named = DAY_MONTH_NAME.exec(text);
  const nameFirst = named ? null : MONTH_NAME_DAY.exec(text);
  const [day, monthName, year] = named ? [named[1], named[2], named[3]] : nameFirst ? [nameFirst[2], nameFirst[1], nameFirst[3]] : [];
  if (day === undefined || monthName === undefined || year === undefined) return 'unrecognised date format';
  const month = MONTHS.get(monthName);
  if (month === undefined) return `unknown month name "${monthName}"`;
  return { year: Number(year), month, day: Number(day) };
}

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** Every date format seen in the contracts, Bengali digits included, as ISO 'YYYY-MM-DD'; only real calendar dates. */
export function parseDate(raw: string): Result<string> {
  const text = canonicalText(raw).toLowerCase();
  if (text === '') return fail('INVALID_DATE', 'date is empty');
  const parts = readParts(text);
  if (typeof parts === 'string') return fail('INVALID_DATE', parts);
  const { year, month, day } = parts;
  if (year < 1000) return fail('INVALID_DATE', `year ${year} is out of range`);
  if (month < 1 || month > 12) return fail('INVALID_DATE', `month ${month} is out of range`);
  if (day < 1 || day > daysInMonth(year, month)) return fail('INVALID_DATE', `day ${day} does not exist in ${pad(year, 4)}-${pad(month, 2)}`);
  return ok(`${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);
}
