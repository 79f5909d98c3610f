/**
 * This device's verification QR code, drawn as SVG squares from the code's bytes (no markup from
 * strings: the bytes come from the Rust crypto and are only ever turned into rectangles).
 */
import { encode } from "uqr";

export function QrCode({ base64, label }: { base64: string; label: string }) {
  const bytes = [...atob(base64)].map((c) => c.charCodeAt(0));
  const { data, size } = encode(bytes, { ecc: "L", border: 2 });
  const cells: preact.JSX.Element[] = [];
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) cells.push(<rect key={`${x}-${y}`} x={x} y={y} width={1.02} height={1.02} />);
    }),
  );
  return (
    <svg class="qr-code" data-qr-code={base64} role="img" aria-label={label} viewBox={`0 0 ${size} ${size}`} width={200} height={200} shape-rendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <g fill="#000">{cells}</g>
    </svg>
  );
}
