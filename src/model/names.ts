/**
 * Names that the consumer takes from its configuration and later writes into state file names,
 * rendered maps, reports and terminals: a group (peer) name, a service name, a transport name.
 * 1-64 characters of ASCII letters, digits, '.', '_' and '-', starting with a letter or digit: no
 * control character, no path separator, no '..' alone, no leading '-' or '.', nothing a shell,
 * a map or a terminal would interpret. Two group names differing only in case are refused by the
 * meta parser (they would collide on a case-insensitive file system).
 */
export const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isSafeName(name: unknown): name is string {
  return typeof name === 'string' && SAFE_NAME.test(name);
}
