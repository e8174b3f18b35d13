import { randomUUID } from 'node:crypto';
import { isUuid } from './uuid';

describe('isUuid', () => {
  it.each(['9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b', '9B2E4C1A-7D3F-4A8B-B6C5-2E1F0A9D8C7B', '0190f7a2-3c4d-7e5f-8a9b-0c1d2e3f4a5b', randomUUID()])(
    'accepts %s',
    (value) => {
      expect(isUuid(value)).toBe(true);
    },
  );

  it.each([
    '',
    'not-a-uuid',
    '9b2e4c1a7d3f4a8bb6c52e1f0a9d8c7b',
    '{9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b}',
    ' 9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b',
    '9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b\n',
    '9b2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7',
    '9b2e4c1a-7d3f-0a8b-b6c5-2e1f0a9d8c7b',
    '9b2e4c1a-7d3f-4a8b-c6c5-2e1f0a9d8c7b',
    'zb2e4c1a-7d3f-4a8b-b6c5-2e1f0a9d8c7b',
  ])('rejects %p', (value) => {
    expect(isUuid(value)).toBe(false);
  });
});
