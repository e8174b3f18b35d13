/** A table's head row from its column names (the same names label each cell on a phone, where rows become cards). */
export function ColumnHeads({ columns }: { columns: Readonly<Record<string, string>> }) {
  return (
    <thead>
      <tr>
        {Object.entries(columns).map(([key, name]) => (
          <th key={key}>{name}</th>
        ))}
      </tr>
    </thead>
  );
}
