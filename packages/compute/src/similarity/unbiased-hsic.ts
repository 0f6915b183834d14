/**
 * Unbiased HSIC estimator (Song et al., JMLR 2012, eq. 5) for linear kernels K = XX^T, L = YY^T of
 * column-centred X, Y, from quantities the CKA code already has:
 *
 *     HSIC_1 = [ tr(K~L~) + 1'K~1 1'L~1 / ((n-1)(n-2)) - 2/(n-2) 1'K~L~1 ] / (n(n-3))     K~ = K, zero diagonal
 *
 * With centred columns K1 = 0, so 1'K~1 = -tr K, K~1 = -diag K and tr(K~L~) = <K, L> - diag K . diag L,
 * which gives the closed form of Kornblith et al.'s demo (`_debiased_dot_product_similarity_helper`),
 * here with the 1/(n(n-3)) factor kept so that estimates from batches of different sizes can be averaged.
 */

/** HSIC_1 from <K, L>, diag K, diag L (row squared norms of the centred activations) and n >= 4. */
export function unbiasedHsic(kl: number, diagK: Float64Array, diagL: Float64Array, n: number): number {
  let dot = 0;
  let trK = 0;
  let trL = 0;
  for (let i = 0; i < n; i++) {
    dot += diagK[i]! * diagL[i]!;
    trK += diagK[i]!;
    trL += diagL[i]!;
  }
  return (kl - (n / (n - 2)) * dot + (trK * trL) / ((n - 1) * (n - 2))) / (n * (n - 3));
}
