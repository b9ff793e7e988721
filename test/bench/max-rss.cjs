// Preloaded into a benchmarked process (node -r, which starts no loader thread, unlike --import): appends its
// peak resident set size, in KiB, to $BENCH_RSS_FILE. VmHWM belongs to this program alone; getrusage's maxRSS
// would report the bench's own size, which a spawned child inherits across fork and exec on Linux.
const { appendFileSync, readFileSync } = require('node:fs');

process.on('exit', () => {
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  appendFileSync(process.env.BENCH_RSS_FILE, `${hwm ?? process.resourceUsage().maxRSS}\n`);
});
