// Bundles the CLI and the GitHub Action into dist/ (ESM; openpgp needs import.meta.url, so not CJS).
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const banner = {
  js: "import { createRequire as __smtpfpCreateRequire } from 'node:module'; const require = __smtpfpCreateRequire(import.meta.url);",
};

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

const common = {
  define: { __SMTPFP_VERSION__: JSON.stringify(version) },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner,
  legalComments: 'none',
  logLevel: 'warning',
  // Deterministic output: dist/ is committed and CI compares it with a fresh build.
  sourcemap: false,
  minify: false,
};

// A clean folder: chunk names carry content hashes, and stale chunks must not linger in git.
rmSync('dist', { recursive: true, force: true });

await build({
  ...common,
  entryPoints: {
    smtpfp: 'src/cli/bin-smtpfp.ts',
    'smtpfp-check': 'src/cli/bin-smtpfp-check.ts',
    action: 'src/action/main.ts',
  },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.js' },
});
