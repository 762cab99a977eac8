import { randomUUID } from 'node:crypto';
import { printable, printableText } from '../model/text.ts';

/** Escaping for GitHub workflow commands (`::error file=…::message`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function workflowCommand(
  command: 'error' | 'warning' | 'notice',
  props: Record<string, string | number | null | undefined>,
  message: string,
): string {
  // File names and messages quote repository text: its control characters go nowhere.
  const parts = Object.entries(props)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(printable(String(v)))}`);
  return `::${command}${parts.length ? ` ${parts.join(',')}` : ''}::${escapeData(printableText(message))}`;
}

/**
 * Text from repositories printed into a GitHub log could start a line with `::` and so issue a
 * workflow command; between stop-commands markers the runner reads none.
 */
export function githubInert(text: string): string {
  if (!text) return '';
  const token = randomUUID();
  return `::stop-commands::${token}\n${text}${text.endsWith('\n') ? '' : '\n'}::${token}::\n`;
}
