/** One face comparison as the API gives it (biometric's FacePair). */
export interface FacePairView {
  pair: string;
  similarity: number | null;
  decision: string;
  reason: string | null;
}

/** The face comparisons of an application: the pair, the similarity (or why there is none) and the engine's decision. */
export function FacePairsTable({ pairs, caption, testId }: { pairs: readonly FacePairView[]; caption: string; testId: string }) {
  return (
    <table className="stack" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th>pair</th>
          <th>similarity</th>
          <th>decision</th>
        </tr>
      </thead>
      <tbody>
        {pairs.map((p) => (
          <tr key={p.pair} data-pair={p.pair} data-decision={p.decision}>
            <td data-label="pair">{p.pair.replace('_', ' ↔ ')}</td>
            <td data-label="similarity">{p.similarity === null ? (p.reason ?? '—') : p.similarity.toFixed(2)}</td>
            <td data-label="decision">{p.decision}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
