/**
 * Text from peers (user IDs in key files, commit subjects) ends up in terminals and CI reports:
 * control characters (other than tab) are replaced so that it cannot move the cursor, recolor
 * output or forge report lines.
 */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, '\ufffd');
}

/** As `printable`, keeping line breaks: for multi-line messages (errors, reports). */
export function printableText(text: string): string {
  return text.split('\n').map(printable).join('\n');
}
