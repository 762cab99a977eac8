/**
 * Edits of a service file that keep every byte a person wrote: the yaml Document API finds the
 * nodes and builds the new configuration (a clone of an existing one), and the result is spliced
 * into the original text, so comments, blank lines, quoting and alignment elsewhere stay as they
 * were. Pure: text in, text out. The caller re-parses the result and checks it.
 */
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  Scalar,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import { parseValidAfter } from '../format/dates.ts';

export class ServiceEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceEditError';
  }
}

function parse(text: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    schema: 'core',
    merge: false,
  });
  if (doc.errors.length > 0)
    throw new ServiceEditError(`invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  return { doc, lines };
}

function configSeq(doc: Document): YAMLSeq {
  const seq = doc.get('config', true);
  if (!isSeq(seq)) throw new ServiceEditError("expected a 'config' list");
  return seq;
}

function configMap(seq: YAMLSeq, index: number): YAMLMap {
  const item = seq.items[index];
  if (!isMap(item)) throw new ServiceEditError(`expected configuration ${index + 1} to be a mapping`);
  return item;
}

function domainEntry(config: YAMLMap, domain: string): YAMLMap {
  const domains = config.get('domains', true);
  if (isSeq(domains)) {
    for (const e of domains.items) {
      if (isMap(e) && e.get('domain') === domain) return e;
    }
  }
  throw new ServiceEditError(`expected domain '${domain}' in the configuration`);
}

/** A scalar's source text with a new value, in the scalar's own quoting style. */
function scalarSource(node: Scalar, value: string): string {
  if (node.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (node.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  return value;
}

/** Points one domain's `cert` at a new path, in place (the configuration at `configIndex`). */
export function setDomainCert(text: string, configIndex: number, domain: string, cert: string): string {
  const { doc } = parse(text);
  const entry = domainEntry(configMap(configSeq(doc), configIndex), domain);
  const node = entry.get('cert', true);
  if (!isScalar(node) || !node.range) throw new ServiceEditError(`expected a 'cert' value for '${domain}'`);
  const [start, end] = node.range;
  return text.slice(0, start) + scalarSource(node, cert) + text.slice(end);
}

/** The position in the `config` list of the configuration whose valid_after is `instant`. */
export function configIndexAt(text: string, instant: number): number {
  const { doc } = parse(text);
  const index = configSeq(doc).items.findIndex((item) => {
    if (!isMap(item)) return false;
    const va = item.get('valid_after');
    return typeof va === 'string' && parseValidAfter(va) === instant;
  });
  if (index < 0) throw new ServiceEditError('expected the configuration to be in the file');
  return index;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/**
 * Appends a configuration to the `config` list: a copy of configuration `baseIndex` with its own
 * `valid_after` and one domain's `cert` changed. A block-style list gets the new item in the same
 * indentation after its last item; a flow-style list (rare) is re-rendered by the Document API.
 */
export function appendConfiguration(
  text: string,
  baseIndex: number,
  validAfter: string,
  domain: string,
  cert: string,
): string {
  const { doc, lines } = parse(text);
  const seq = configSeq(doc);
  const base = configMap(seq, baseIndex);
  const copy = base.clone() as YAMLMap;
  copy.commentBefore = null;
  copy.comment = null;
  copy.spaceBefore = false;
  // A new scalar: the copied one may carry a comment about the old date.
  copy.set('valid_after', new Scalar(validAfter));
  const entry = domainEntry(copy, domain);
  entry.set('cert', cert);

  if (seq.flow || !base.range || seq.items.some((i) => isMap(i) && i.flow)) {
    seq.items.push(copy);
    return doc.toString();
  }
  // The item's content column, and whether nested lists are indented under their key.
  const column = lines.linePos(base.range[0]).col - 1;
  const domains = base.get('domains', true);
  const domainsKey = base.items.find((p) => isScalar(p.key) && p.key.value === 'domains')?.key;
  let indentSeq = true;
  if (isSeq(domains) && !domains.flow && domains.range && isScalar(domainsKey) && domainsKey.range) {
    const dashCol = lines.linePos(domains.range[0]).col - 1;
    indentSeq = dashCol > lines.linePos(domainsKey.range[0]).col - 1;
  }
  const body = new Document(copy).toString({ indentSeq, lineWidth: 0 }).replace(/\n$/, '').split('\n');
  const pad = ' '.repeat(Math.max(column - 2, 0));
  const item = body.map((l, i) => (i === 0 ? `${pad}- ${l}` : l === '' ? '' : `${' '.repeat(column)}${l}`));
  const last = seq.items[seq.items.length - 1] as { range?: [number, number, number] | null };
  const lastEnd = last.range ? last.range[1] : base.range[1];
  // After the line where the last item's content ends (its trailing comment stays with it).
  const at = lineEnd(text, Math.max(lastEnd - 1, 0));
  let prefix = '';
  if (at === text.length && !text.endsWith('\n')) prefix = '\n';
  const separated =
    seq.items.length > 1 && seq.items.slice(1).every((i) => (i as { spaceBefore?: boolean }).spaceBefore);
  if (separated) prefix += '\n';
  return `${text.slice(0, at)}${prefix}${item.join('\n')}\n${text.slice(at)}`;
}
