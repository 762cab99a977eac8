import { resolve } from 'node:path';
import type { OutputSpec } from '../../consumer/outputs.ts';
import { updateJson, updateText } from '../../consumer/report.ts';
import { runUpdate, type UpdateReport } from '../../consumer/update.ts';
import { usageError } from '../../model/errors.ts';
import { renderPins } from '../../render/index.ts';
import { printable } from '../../report/style.ts';
import { loadLayoutFile } from '../consumer-config.ts';
import { type ConsumerSettings, consumerSettings } from '../consumer-settings.ts';
import type { Context } from '../context.ts';
import { writeMetricsFile } from '../metrics-file.ts';

/** Runs the update engine with the command line's settings, then writes the metrics when asked. */
export async function runConsumerUpdate(
  ctx: Context,
  settings: ConsumerSettings,
  outputs: OutputSpec[],
  overrides: { diff?: boolean } = {},
): Promise<UpdateReport> {
  const report = await runUpdate({
    groups: settings.groups,
    baseDir: settings.baseDir,
    outputs,
    stateDir: settings.stateDir,
    keyring: settings.keyring,
    now: ctx.now,
    sourceTtl: settings.sourceTtl,
    rolloverWindow: settings.rolloverWindow,
    fetchTimeout: settings.fetchTimeout,
    jobs: settings.jobs,
    diff: overrides.diff ?? settings.diff,
    onChange: settings.onChange,
    render: renderPins,
    renderOptions: { generator: settings.generator, torTransport: settings.torTransport },
    env: ctx.io.env,
    cwd: ctx.io.cwd,
  });
  const metrics = ctx.args.values.get('metrics');
  if (metrics !== undefined && !(overrides.diff ?? settings.diff)) {
    try {
      await writeMetricsFile(resolve(ctx.io.cwd, metrics), report, {
        stateDir: settings.stateDir,
        groups: settings.groups.map((g) => g.name),
        sourceTtl: settings.sourceTtl,
      });
    } catch (e) {
      // The outputs are written: report the run, and fail it as an environment problem.
      ctx.io.err(
        `smtpfp: cannot write the metrics file ${printable(metrics)}: ${printable((e as Error).message)}\n`,
      );
      report.exitCode = 2;
    }
  }
  return report;
}

export function printUpdate(ctx: Context, report: UpdateReport): number {
  if (ctx.format === 'json') ctx.io.out(updateJson(report));
  else if (ctx.format === 'text') ctx.io.out(updateText(report, { color: ctx.color, quiet: ctx.quiet }));
  else throw usageError(`--format ${ctx.format} is not available for this command; use text or json`);
  return report.exitCode;
}

export async function run(ctx: Context): Promise<number> {
  if (ctx.format !== 'text' && ctx.format !== 'json')
    throw usageError(`--format ${ctx.format} is not available for update; use text or json`);
  const layoutText = ctx.args.values.get('layout');
  if (layoutText === undefined) throw usageError('expected --layout LAYOUT: which outputs to render');
  if (ctx.args.positionals.length > 0)
    throw usageError(`update takes no positional argument, got '${ctx.args.positionals[0]}'`);
  const settings = await consumerSettings(ctx);
  const outputs = await loadLayoutFile(resolve(ctx.io.cwd, layoutText), ctx.io.cwd);
  return printUpdate(ctx, await runConsumerUpdate(ctx, settings, outputs));
}
