// Labelled figures of a node, an edge or a vendor, each findable by its label.
export function FlowNumbers({ rows }: { rows: [label: string, value: string][] }) {
  return (
    <dl className="flow-numbers">
      {rows.map(([label, value]) => (
        <div key={label} data-number={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
