/**
 * The study pipeline's results as compute produces them: each similarity result keeps compute's whole cell
 * (every statistic, as packages/compute's MatrixCell holds it, so a study assembled from stored cells equals
 * one assembled from fresh ones) and, for cells on inverted images, the prediction agreement (SPEC §5); a
 * study keeps its assembled report (the CLI's report.json).
 */
export const name = 'study-pipeline';

export const sql = /* sql */ `
ALTER TABLE similarity_result ADD COLUMN cell jsonb;
ALTER TABLE similarity_result ADD COLUMN agreement jsonb;
ALTER TABLE study ADD COLUMN report jsonb;
`;
