/** The initial schema. Every table that holds a result has `request_key` (SPEC §7: same request, same result). */
export const name = 'initial';

export const sql = /* sql */ `
CREATE TABLE api_token (
  id text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('viewer', 'runner', 'admin')),
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

CREATE TABLE upload (
  id text PRIMARY KEY,
  sha256 text NOT NULL,
  size integer NOT NULL,
  filename text NOT NULL,
  token_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE job (
  id text PRIMARY KEY,
  kind text NOT NULL,
  status text NOT NULL,
  progress double precision NOT NULL DEFAULT 0,
  message text,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  input jsonb NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  worker text,
  error_code text,
  error_message text,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_status_idx ON job (status, created_at);
CREATE INDEX job_subject_idx ON job (subject_type, subject_id);

CREATE TABLE architecture (
  id text PRIMARY KEY,
  family text NOT NULL,
  description text NOT NULL,
  representation_size integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dataset (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  source text NOT NULL,
  split text,
  files jsonb,
  loader text,
  status text NOT NULL,
  content_hash text,
  count integer,
  image_shape jsonb,
  class_names jsonb,
  class_counts jsonb,
  job_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE model (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  architecture_id text NOT NULL REFERENCES architecture (id),
  status text NOT NULL,
  origin text NOT NULL,
  dataset_id text REFERENCES dataset (id),
  norm text,
  eps double precision NOT NULL DEFAULT 0,
  clean_accuracy double precision,
  weights_hash text,
  input_shape jsonb,
  classes integer,
  files jsonb,
  card jsonb,
  request_key text UNIQUE,
  job_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX model_architecture_idx ON model (architecture_id, eps);

CREATE TABLE robustness_eval (
  id text PRIMARY KEY,
  model_id text NOT NULL REFERENCES model (id),
  dataset_id text NOT NULL REFERENCES dataset (id),
  status text NOT NULL,
  norm text NOT NULL,
  eps double precision NOT NULL,
  params jsonb NOT NULL,
  accuracy double precision,
  clean_accuracy double precision,
  provenance jsonb,
  request_key text NOT NULL UNIQUE,
  job_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

CREATE TABLE inversion (
  id text PRIMARY KEY,
  model_id text NOT NULL REFERENCES model (id),
  dataset_id text NOT NULL REFERENCES dataset (id),
  status text NOT NULL,
  params jsonb NOT NULL,
  pair_count integer NOT NULL,
  pair_seed integer NOT NULL,
  pairs jsonb,
  batch_count integer NOT NULL,
  batches_done integer NOT NULL DEFAULT 0,
  mean_final_loss double precision,
  provenance jsonb,
  request_key text NOT NULL UNIQUE,
  job_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

CREATE TABLE inversion_batch (
  inversion_id text NOT NULL REFERENCES inversion (id) ON DELETE CASCADE,
  batch_index integer NOT NULL,
  images_sha256 text NOT NULL,
  preview_sha256 text,
  losses jsonb NOT NULL,
  seed_losses jsonb NOT NULL,
  zero_gradient_steps jsonb NOT NULL,
  loss_curve jsonb NOT NULL,
  seconds double precision NOT NULL,
  attempt integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (inversion_id, batch_index)
);

CREATE TABLE similarity_result (
  id text PRIMARY KEY,
  metric text NOT NULL,
  model_a_id text NOT NULL REFERENCES model (id),
  model_b_id text NOT NULL REFERENCES model (id),
  layer_a text NOT NULL,
  layer_b text NOT NULL,
  dataset_id text REFERENCES dataset (id),
  inversion_id text REFERENCES inversion (id),
  status text NOT NULL,
  value double precision,
  n integer,
  p integer,
  q integer,
  null_mean double precision,
  null_std double precision,
  ci_low double precision,
  ci_high double precision,
  params jsonb NOT NULL,
  provenance jsonb,
  request_key text NOT NULL UNIQUE,
  job_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX similarity_result_models_idx ON similarity_result (model_a_id, model_b_id, metric);

CREATE TABLE similarity_matrix (
  id text PRIMARY KEY,
  metric text NOT NULL,
  source text NOT NULL CHECK (source IN ('natural', 'inverted')),
  dataset_id text NOT NULL REFERENCES dataset (id),
  model_ids jsonb NOT NULL,
  status text NOT NULL,
  params jsonb NOT NULL,
  off_diagonal_mean double precision,
  values jsonb,
  trend jsonb,
  provenance jsonb,
  request_key text NOT NULL UNIQUE,
  job_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

CREATE TABLE similarity_matrix_cell (
  matrix_id text NOT NULL REFERENCES similarity_matrix (id) ON DELETE CASCADE,
  row_index integer NOT NULL,
  col_index integer NOT NULL,
  result_id text NOT NULL REFERENCES similarity_result (id),
  PRIMARY KEY (matrix_id, row_index, col_index)
);

CREATE TABLE study (
  id text PRIMARY KEY,
  name text NOT NULL,
  status text NOT NULL,
  spec jsonb NOT NULL,
  dataset_id text NOT NULL REFERENCES dataset (id),
  natural_matrix_id text REFERENCES similarity_matrix (id),
  inverted_matrix_id text REFERENCES similarity_matrix (id),
  request_key text NOT NULL UNIQUE,
  job_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
`;
