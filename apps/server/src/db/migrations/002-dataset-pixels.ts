/**
 * Dataset pixels and labels as stored blobs, so the API can serve images by index (sample grids, inversion
 * seeds and targets) without reloading the source. NULL for datasets registered before this migration:
 * registering them again fills the columns.
 */
export const name = 'dataset-pixels';

export const sql = /* sql */ `
ALTER TABLE dataset ADD COLUMN images_sha256 text;
ALTER TABLE dataset ADD COLUMN labels_sha256 text;
`;
