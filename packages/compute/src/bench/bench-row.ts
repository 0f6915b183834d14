/** One line of `npm run bench`: a measured figure and, where one exists, the reference measured beside it. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The same work done by a reference implementation in the same run; ratio = value / reference value. */
  reference?: { name: string; value: number; ratio: number };
}
