// Runs the built CLI in this process and reports its peak memory, so a benchmark can read the
// resident set of the command itself: SMTPFP_MEASURE_OUT receives {"maxRssKiB": N}.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const out = process.env.SMTPFP_MEASURE_OUT;
  if (out) writeFileSync(out, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
});
await import(new URL('../dist/smtpfp.js', import.meta.url).href);
