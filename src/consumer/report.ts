/** The update report (SPEC §3.5): text for people, JSON of the exact §3.5 shape for machines. */
import { jsonStringify } from '../model/json.ts';
import { short } from '../model/oid.ts';
import { makeStyle, printable } from '../report/style.ts';
import type { UpdateReport } from './update.ts';

/** Every line of peer-derived text made safe for a terminal. */
const safeLines = (text: string) => text.split('\n').map(printable).join('\n');

export function updateText(r: UpdateReport, opts: { color: boolean; quiet: boolean }): string {
  const st = makeStyle(opts.color);
  const lines: string[] = [];
  const width = Math.max(5, ...r.groups.map((g) => g.group.length));
  for (const g of r.groups) {
    const ok = g.status === 'updated' || g.status === 'unchanged';
    const status = ok ? st.green(g.status.padEnd(9)) : st.red(g.status.padEnd(9));
    if (!ok || !opts.quiet) {
      const tail = ok ? st.dim(` ${g.domains} domain${g.domains === 1 ? '' : 's'}`) : '';
      lines.push(`${printable(g.group).padEnd(width)}  ${status} ${g.commit ? short(g.commit) : '-'}${tail}`);
    }
    if (g.error) lines.push(`  ${st.red('error')}: ${printable(g.error)}`);
    if (!opts.quiet) for (const n of g.notes) lines.push(`  ${st.dim('note')}: ${printable(n)}`);
    for (const w of g.warnings) lines.push(`  ${st.yellow('warning')}: ${printable(w)}`);
    for (const p of g.problems) lines.push(`  ${st.yellow('left out')}: ${printable(p)}`);
  }
  for (const c of r.conflicts) {
    lines.push(
      `${st.red('conflict')}: ${printable(c.domain)} is claimed by ${c.groups.map(printable).join(', ')}: pinned by neither`,
    );
  }
  for (const o of r.outputs) {
    if (o.diff !== undefined) {
      if (o.diff) lines.push(safeLines(o.diff.trimEnd()));
      else if (!opts.quiet) lines.push(st.dim(`${printable(o.path)}: no change`));
      continue;
    }
    if (!opts.quiet || o.changed)
      lines.push(`${o.format}:${printable(o.path)}: ${o.changed ? st.bold('written') : 'unchanged'}`);
  }
  if (r.outputError) lines.push(`${st.red('error')}: ${printable(r.outputError)}`);
  if (r.onChange) {
    const cmd = r.onChange.argv.map(printable).join(' ');
    if (r.onChange.output.trim()) lines.push(safeLines(r.onChange.output.trimEnd()));
    lines.push(
      r.onChange.error
        ? `${st.red('error')}: --on-change '${cmd}' ${printable(r.onChange.error)}`
        : `ran --on-change '${cmd}'`,
    );
  }
  if (r.exitCode === 1) lines.push(st.red('✖ no group could be updated'));
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** `{"groups":[...],"outputs":[...],"conflicts":[...]}`: `diff` on outputs only with --diff. */
export function updateJson(r: UpdateReport): string {
  return `${jsonStringify(
    {
      groups: r.groups.map((g) => ({
        group: g.group,
        status: g.status,
        commit: g.commit,
        error: g.error,
        via: g.via,
      })),
      outputs: r.outputs.map((o) => ({
        format: o.format,
        path: o.path,
        changed: o.changed,
        ...(o.diff !== undefined ? { diff: o.diff } : {}),
      })),
      conflicts: r.conflicts,
    },
    2,
  )}\n`;
}
