/** A labelled progress bar (role=progressbar with aria-valuenow), coloured by job status. */

export interface ProgressBarProps {
  /** Fraction done, 0 to 1. */
  value: number;
  label: string;
  status?: string;
}

export function ProgressBar({ value, label, status = 'RUNNING' }: ProgressBarProps) {
  const percent = Math.round(Math.min(1, Math.max(0, value)) * 1000) / 10;
  return (
    <div
      className={`progress progress-${status.toLowerCase()}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${percent}%`}
    >
      <div className="progress-fill" style={{ width: `${percent}%` }} />
      <span className="progress-text">{percent}%</span>
    </div>
  );
}
