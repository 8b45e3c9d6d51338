// A small CPU-bound program for `node --cpu-prof` (flamekit's test capture).
function leaf(n) { let s = 0; for (let i = 0; i < n; i++) s += Math.sqrt(i); return s; }
function middle(n) { return leaf(n) + leaf(n / 2); }
function other(n) { const a = []; for (let i = 0; i < n; i++) a.push(i * 2); return a.length; }
const t0 = Date.now();
let x = 0;
while (Date.now() - t0 < 200) { x += middle(20000); x += (() => other(5000))(); }
if (x <= 0) console.log('unreachable');
