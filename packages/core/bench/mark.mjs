// Shared micro-benchmark helper: runs `fn` for a time budget and prints `name x N ops/sec @ T/op`.
export async function mark(name, fn, { ms = 1000, warmup = 20 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  let n = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 10; i++) await fn();
    n += 10;
    elapsed = process.hrtime.bigint() - start;
  }
  const opsPerSec = n / (Number(elapsed) / 1e9);
  const perOp = (Number(elapsed) / n / 1000).toFixed(1);
  console.log(`${name.padEnd(44)} x ${Math.round(opsPerSec).toLocaleString('en-US').padStart(9)} ops/sec @ ${perOp} µs/op`);
  return opsPerSec;
}
