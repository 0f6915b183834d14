/**
 * Models of any architecture (issue 13): an architecture is either one of compute's zoo families (`origin`
 * 'zoo', registered at start-up) or named by the user who imports a model of it ('imported'), whose
 * representation size is known only once its first model is verified (hence nullable). A model keeps its own
 * metadata as compute describes it on loading (format, input shape, classes, parameters, default
 * representation layer and size, the names `layer` accepts, format details such as an ONNX opset).
 */
export const name = 'imported-models';

export const sql = /* sql */ `
ALTER TABLE architecture ADD COLUMN origin text NOT NULL DEFAULT 'zoo';
ALTER TABLE architecture ALTER COLUMN representation_size DROP NOT NULL;
ALTER TABLE model ADD COLUMN metadata jsonb;
`;
