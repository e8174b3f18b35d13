import { useEffect, useState } from 'react';
import { useApi } from '../api';
import { UserNamesDocument } from '../graphql/generated';

/** As many as the API names in one request. */
const MAX_IDS = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Names of the users behind ids the page shows (billing lines by submitting user, audit trail actors): values that are
 * not user ids are passed over, and ids nobody could name stay out of the map (the page shows a short id for them).
 */
export function useUserNames(usernames: ReadonlyArray<string | null | undefined>): ReadonlyMap<string, string> {
  const call = useApi();
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const ids = [...new Set(usernames.filter((u): u is string => typeof u === 'string' && UUID.test(u)))].sort().slice(0, MAX_IDS).join(',');
  useEffect(() => {
    if (!ids) return;
    let cancelled = false;
    call(UserNamesDocument, { ids: ids.split(',') }).then(
      (r) => !cancelled && setNames(new Map(r.userNames.map((u) => [u.id, u.name]))),
      // Without names the page shows short ids: it still reads.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [call, ids]);
  return names;
}
