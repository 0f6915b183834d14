/** Cross-entropy of logits against integer labels, per sample. */
import * as tf from '@tensorflow/tfjs-core';

/** -log softmax(logits)[y] for each row: logits [n, k], labels int32 [n] -> [n]. */
export function perSampleCrossEntropy(logits: tf.Tensor, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const k = logits.shape[1] ?? 0;
    const picked = tf.sum(tf.mul(logits, tf.oneHot(labels, k)), 1); // [n]
    return tf.sub(tf.logSumExp(logits, 1), picked) as tf.Tensor1D; // logsumexp is shifted by the row max
  });
}

/** Number of rows whose arg-max equals the label (ties go to the lowest index, as tf.argMax does). */
export function correctCount(logits: tf.Tensor, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'int32')));
}
