/**
 * One name per entity: the robust-accuracy results' table is `robust_accuracy` (it was `robustness_eval`), and
 * their job kind `robust-accuracy` (it was `evaluate-robustness`). A job an older server queued under the old
 * kind and not yet run is failed with a message saying to repeat the request (its entity turns FAILED too, so
 * the request queues anew).
 */
export const name = 'robust-accuracy';

export const sql = /* sql */ `
ALTER TABLE robustness_eval RENAME TO robust_accuracy;
UPDATE robust_accuracy SET status = 'FAILED'
  WHERE status IN ('PENDING', 'RUNNING') AND job_id IN (
    SELECT id FROM job WHERE kind = 'evaluate-robustness' AND status IN ('QUEUED', 'RUNNING', 'RETRYING'));
UPDATE job SET status = 'FAILED', error_code = 'INTERNAL_SERVER_ERROR', finished_at = now(),
    error_message = 'queued by an older server under the job kind evaluate-robustness: repeat the request'
  WHERE kind = 'evaluate-robustness' AND status IN ('QUEUED', 'RUNNING', 'RETRYING');
UPDATE job SET kind = 'robust-accuracy' WHERE kind = 'evaluate-robustness';
`;
