// Preloaded into a benchmarked process (node --import): appends its peak resident set size, in KiB, to $BENCH_RSS_FILE.
import { appendFileSync } from 'node:fs';

process.on('exit', () => appendFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS}\n`));
