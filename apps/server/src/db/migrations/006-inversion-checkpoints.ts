/**
 * Convergence checkpoints of an inversion (issue 10): each stored batch also keeps its images at the study's
 * checkpoint iterations ([{iteration, imagesSha256, losses}], content-addressed .npy blobs like the batch's own
 * images), so a retried job resumes a checkpointed inversion after its last stored batch, as any other.
 */
export const name = 'inversion-checkpoints';

export const sql = /* sql */ `
ALTER TABLE inversion_batch ADD COLUMN checkpoints jsonb;
`;
