/** Links to each finished batch's PNG contact sheet (seed, target and inverted rows), for a quick look or a paper. */
import { proxiedUrl } from '../images/use-npy';

export interface ContactSheetsProps {
  batches: readonly { index: number; previewUrl?: string | null }[];
}

export function ContactSheets({ batches }: ContactSheetsProps) {
  const sheets = batches.filter((b) => b.previewUrl);
  if (sheets.length === 0) return null;
  return (
    <p className="muted small" data-testid="contact-sheets">
      Contact sheets (rows: seed, target, inverted):{' '}
      {sheets.map((b, i) => (
        <span key={b.index}>
          {i > 0 && ' · '}
          <a href={proxiedUrl(b.previewUrl!)}>batch {b.index}</a>
        </span>
      ))}
    </p>
  );
}
