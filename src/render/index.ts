import type { PinSet, RenderFormat, RenderOptions } from '../model/pins.ts';
import { RenderError, shown } from './errors.ts';
import { renderExim } from './exim.ts';
import { checkPins } from './grammar.ts';
import { renderJson } from './json.ts';
import { renderPostfix } from './postfix.ts';
import { renderPostfixTransport } from './postfix-transport.ts';
import { renderProsody } from './prosody.ts';

export { RenderError, type RenderProblem } from './errors.ts';
export type { JsonDomain, JsonPins } from './json.ts';

/** Default transport for `postfix-transport` (SPEC §4, `--tor-transport`). */
export const DEFAULT_TOR_TRANSPORT = 'smtptor';

/**
 * Renders a pin set in one of the formats of SPEC §4. Pure and deterministic: the same pins and
 * options give the same bytes (sorted by lookup key in byte order, no timestamps). Throws a
 * RenderError, and renders nothing, when any value fails its grammar.
 */
export function renderPins(format: RenderFormat, pins: PinSet, opts: RenderOptions): string {
  const checked = checkPins(pins, opts);
  switch (format) {
    case 'postfix':
      return renderPostfix(checked);
    case 'postfix-transport':
      return renderPostfixTransport(checked);
    case 'exim':
      return renderExim(checked);
    case 'prosody':
      return renderProsody(checked);
    case 'json':
      return renderJson(checked);
    default:
      throw new RenderError('invalid-name', `unknown output format ${shown(format)}`);
  }
}
