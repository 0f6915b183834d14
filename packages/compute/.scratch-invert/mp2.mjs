function mpg3(x, g, out, B, H, W, C, OH, OW) {
  for (let b = 0; b < B; b++) for (let r = 0; r < OH; r++) for (let q = 0; q < OW; q++) {
    const p00 = ((b * H + 2*r) * W + 2*q) * C, p01 = p00 + C, p10 = p00 + W * C, p11 = p10 + C;
    const dyBase = ((b * OH + r) * OW + q) * C;
    for (let c = 0; c < C; c++) {
      let k = p00 + c, v = x[k];
      let u = x[p01 + c]; let m = -((u > v) | 0); k = (k & ~m) | ((p01 + c) & m); v = Math.max(u, v);
      u = x[p10 + c]; m = -((u > v) | 0); k = (k & ~m) | ((p10 + c) & m); v = Math.max(u, v);
      u = x[p11 + c]; m = -((u > v) | 0); k = (k & ~m) | ((p11 + c) & m);
      out[k] += g[dyBase + c];
    }
  }
}
// generic window, branchless, channel-innermost with per-channel state arrays
function mpg4(x, g, out, B, H, W, C, OH, OW, FH, FW, SH, SW) {
  const best = new Float32Array(C), at = new Int32Array(C);
  for (let b = 0; b < B; b++) for (let r = 0; r < OH; r++) for (let q = 0; q < OW; q++) {
    const first = ((b * H + r*SH) * W + q*SW) * C;
    for (let c = 0; c < C; c++) { best[c] = x[first + c]; at[c] = first + c; }
    for (let i = r*SH; i < r*SH+FH; i++) for (let j = q*SW; j < q*SW+FW; j++) {
      const base = ((b * H + i) * W + j) * C;
      for (let c = 0; c < C; c++) { const u = x[base + c], v = best[c]; const m = -((u > v) | 0); at[c] = (at[c] & ~m) | ((base + c) & m); best[c] = Math.max(u, v); }
    }
    const dyBase = ((b * OH + r) * OW + q) * C;
    for (let c = 0; c < C; c++) out[at[c]] += g[dyBase + c];
  }
}
const B=32,H=26,W=26,C=32,OH=13,OW=13;
const x = new Float32Array(B*H*W*C).map(()=>Math.max(0, Math.random()-0.5)), g = new Float32Array(B*OH*OW*C).map(()=>Math.random()), out = new Float32Array(x.length);
for (const [name, f] of [['2x2-branchless', mpg3], ['generic-branchless', (a,b2,o,...r) => mpg4(a,b2,o,...r,2,2,2,2)]]) {
  for (let i = 0; i < 5; i++) f(x, g, out, B,H,W,C,OH,OW);
  const ts = []; for (let i = 0; i < 20; i++) { const t = performance.now(); out.fill(0); f(x, g, out, B,H,W,C,OH,OW); ts.push(performance.now() - t); }
  ts.sort((a,b)=>a-b); console.log(name, ts[0].toFixed(2), ts[10].toFixed(2));
}
