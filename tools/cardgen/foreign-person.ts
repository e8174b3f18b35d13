import type { DataSplit } from './card-types';
import { createRng, seedOf, type Rng } from './prng';

/** A holder of a foreign document: Latin names, an address abroad, a face from the sandbox's set. */
export interface ForeignPerson {
  givenNames: string;
  surname: string;
  /** `YYYY-MM-DD`. */
  dateOfBirth: string;
  sex: 'M' | 'F';
  faceId: number;
  address: { street: string; city: string; region: string; postalCode: string };
}

/**
 * Names and places of each split: the held-out people share none with the tuning ones, so a reader tuned on one set
 * of names meets others in the held-out set.
 */
const POOLS: Record<DataSplit, { male: string[]; female: string[]; surnames: string[]; streets: string[]; cities: Array<[string, string, string]> }> = {
  tuning: {
    male: ['JAMES', 'ROBERT', 'MICHAEL', 'DAVID', 'CARLOS', 'ARJUN', 'LIAM', 'NOAH', 'ETHAN', 'LUCAS', 'OMAR', 'HIROSHI'],
    female: ['MARY', 'PATRICIA', 'JENNIFER', 'LINDA', 'SOFIA', 'PRIYA', 'EMMA', 'OLIVIA', 'AMELIA', 'CHLOE', 'FATIMA', 'YUKI'],
    surnames: [
      'SMITH',
      'JOHNSON',
      'WILLIAMS',
      'BROWN',
      'GARCIA',
      'MILLER',
      'DAVIS',
      'MARTINEZ',
      'ANDERSON',
      'THOMPSON',
      'PATEL',
      'NAKAMURA',
      'OKAFOR',
      'LINDQVIST',
    ],
    streets: ['MAIN ST', 'OAK AVE', 'PINE ST', 'MAPLE DR', 'CEDAR LN', 'ELM ST', 'LAKE RD', 'HILL ST'],
    cities: [
      ['SACRAMENTO', 'CA', '95818'],
      ['AUSTIN', 'TX', '78701'],
      ['ALBANY', 'NY', '12207'],
      ['TALLAHASSEE', 'FL', '32301'],
      ['SPRINGFIELD', 'IL', '62701'],
      ['OLYMPIA', 'WA', '98501'],
    ],
  },
  heldout: {
    male: ['WILLIAM', 'RICHARD', 'JOSEPH', 'THOMAS', 'DIEGO', 'RAHUL', 'OLIVER', 'ELIJAH', 'MASON', 'MATEO', 'YUSUF', 'KENJI'],
    female: ['BARBARA', 'ELIZABETH', 'SUSAN', 'JESSICA', 'VALENTINA', 'ANANYA', 'AVA', 'ISABELLA', 'MIA', 'HARPER', 'AISHA', 'SAKURA'],
    surnames: [
      'JONES',
      'WILSON',
      'TAYLOR',
      'MOORE',
      'RODRIGUEZ',
      'HERNANDEZ',
      'LOPEZ',
      'GONZALEZ',
      'CLARK',
      'LEWIS',
      'SHARMA',
      'TANAKA',
      'ADEYEMI',
      'BJORKMAN',
    ],
    streets: ['WASHINGTON BLVD', 'PARK AVE', 'RIVER RD', 'SUNSET BLVD', 'BIRCH CT', 'WALNUT ST', 'HIGHLAND AVE', 'CHURCH ST'],
    cities: [
      ['PHOENIX', 'AZ', '85001'],
      ['DENVER', 'CO', '80202'],
      ['BOSTON', 'MA', '02108'],
      ['COLUMBUS', 'OH', '43215'],
      ['ATLANTA', 'GA', '30303'],
      ['SALEM', 'OR', '97301'],
    ],
  },
};

const pad = (n: number) => String(n).padStart(2, '0');

export function foreignPerson(split: DataSplit, index: number, seed = 1): ForeignPerson {
  const rng: Rng = createRng(seedOf('foreign-person', split, seed, index));
  const pool = POOLS[split];
  const sex = rng.int(0, 1) === 0 ? 'M' : 'F';
  const first = rng.pick(sex === 'M' ? pool.male : pool.female);
  // About a third have a middle name.
  const middle = rng.int(0, 2) === 0 ? ` ${rng.pick(sex === 'M' ? pool.male : pool.female)}` : '';
  const [city, region, postalCode] = rng.pick(pool.cities);
  return {
    givenNames: `${first}${middle === ` ${first}` ? '' : middle}`,
    surname: rng.pick(pool.surnames),
    dateOfBirth: `${rng.int(1950, 2004)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`,
    sex,
    faceId: 1000 + (split === 'tuning' ? 2 : 3) * index,
    address: { street: `${rng.int(10, 9999)} ${rng.pick(pool.streets)}`, city, region, postalCode },
  };
}
