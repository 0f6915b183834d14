function mpg(x, g, out, B, H, W, C, OH, OW) {
  const best = new Float32Array(C), at = new Int32Array(C);
  for (let b = 0; b < B; b++) for (let r = 0; r < OH; r++) for (let q = 0; q < OW; q++) {
    best.fill(-Infinity); at.fill(-1);
    for (let i = 2*r; i < 2*r+2; i++) for (let j = 2*q; j < 2*q+2; j++) {
      const base = ((b * H + i) * W + j) * C;
      for (let c = 0; c < C; c++) { const v = x[base + c]; if (v > best[c]) { best[c] = v; at[c] = base + c; } }
    }
    const dyBase = ((b * OH + r) * OW + q) * C;
    for (let c = 0; c < C; c++) { const k = at[c]; if (k >= 0) out[k] += g[dyBase + c]; }
  }
}
function mpg2(x, g, out, B, H, W, C, OH, OW) {
  // non-overlapping 2x2: compare 4 values directly
  for (let b = 0; b < B; b++) for (let r = 0; r < OH; r++) for (let q = 0; q < OW; q++) {
    const p00 = ((b * H + 2*r) * W + 2*q) * C, p01 = p00 + C, p10 = p00 + W * C, p11 = p10 + C;
    const dyBase = ((b * OH + r) * OW + q) * C;
    for (let c = 0; c < C; c++) {
      let k = p00 + c, v = x[k];
      let u = x[p01 + c]; if (u > v) { v = u; k = p01 + c; }
      u = x[p10 + c]; if (u > v) { v = u; k = p10 + c; }
      u = x[p11 + c]; if (u > v) { v = u; k = p11 + c; }
      out[k] += g[dyBase + c];
    }
  }
}
const B=32,H=26,W=26,C=32,OH=13,OW=13;
const x = new Float32Array(B*H*W*C).map(()=>Math.random()), g = new Float32Array(B*OH*OW*C).map(()=>Math.random()), out = new Float32Array(x.length);
const mem = new WebAssembly.Memory({initial: 400}); const xw = new Float32Array(mem.buffer, 0, x.length); xw.set(x); const ow = new Float32Array(mem.buffer, x.length*4, x.length); const gw = new Float32Array(mem.buffer, x.length*8, g.length); gw.set(g);
for (const [name, f, a, b2, o] of [['generic', mpg, x, g, out], ['generic-wasmmem', mpg, xw, gw, ow], ['2x2', mpg2, x, g, out], ['2x2-wasmmem', mpg2, xw, gw, ow]]) {
  for (let i = 0; i < 5; i++) f(a, b2, o, B,H,W,C,OH,OW);
  const ts = []; for (let i = 0; i < 20; i++) { const t = performance.now(); o.fill(0); f(a, b2, o, B,H,W,C,OH,OW); ts.push(performance.now() - t); }
  ts.sort((a,b)=>a-b); console.log(name, ts[0].toFixed(2), ts[10].toFixed(2));
}
