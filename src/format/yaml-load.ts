import {
  Composer,
  type CST,
  type Document,
  isAlias,
  isCollection,
  LineCounter,
  type Node,
  Parser,
  visit,
} from 'yaml';
import type { Finding } from '../model/finding.ts';
import { firstTooDeep, MAX_YAML_DEPTH } from './yaml-depth.ts';
import { firstDuplicateKey } from './yaml-keys.ts';
import { SourceMap } from './yaml-source.ts';

export const MAX_YAML_BYTES = 1024 * 1024;
/** Alias expansions allowed when converting a document: generous for real files, fatal to bombs. */
const MAX_ALIAS_COUNT = 100;

export interface LoadedYaml {
  data: unknown;
  source: SourceMap;
}

/**
 * Reads one YAML document safely (size cap, strict UTF-8, YAML 1.2 core schema, bounded nesting,
 * unique keys, bounded aliases), in time linear in its size. Problems become `yaml-syntax` / `file-too-large` findings; data is returned
 * only when the document is sound.
 */
export function loadYaml(file: string, bytes: Uint8Array, findings: Finding[]): LoadedYaml | undefined {
  const fail = (message: string, line: number | null = null, column: number | null = null) => {
    findings.push({ file, line, column, severity: 'error', rule: 'yaml-syntax', message });
  };
  if (bytes.length > MAX_YAML_BYTES) {
    findings.push({
      file,
      line: null,
      column: null,
      severity: 'error',
      rule: 'file-too-large',
      message: `expected a file of at most 1 MiB, got ${bytes.length} bytes (not parsed)`,
    });
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    fail('expected UTF-8 text, got bytes that are not valid UTF-8');
    return undefined;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lineCounter = new LineCounter();
  // The token stream is built without recursion; its depth is bounded before the (recursive)
  // composer sees it.
  const tokens: CST.Token[] = [...new Parser(lineCounter.addNewLine).parse(text)];
  const tooDeep = firstTooDeep(tokens);
  if (tooDeep !== undefined) {
    const pos = lineCounter.linePos(tooDeep);
    fail(`invalid YAML: nesting too deep, expected at most ${MAX_YAML_DEPTH} levels`, pos.line, pos.col);
    return undefined;
  }
  const docs: Document.Parsed[] = [
    ...new Composer({
      prettyErrors: false,
      // Duplicate keys are found below, in linear time: the library's check is quadratic.
      uniqueKeys: false,
      strict: true,
      schema: 'core',
      merge: false,
      customTags: [],
      keepSourceTokens: false,
      // The yaml library would print its warnings on the process's stderr: problems become findings.
      logLevel: 'silent',
    }).compose(tokens, true, text.length),
  ];
  const doc = docs[0];
  if (!doc) {
    fail('invalid YAML: expected a document, got none');
    return undefined;
  }
  const extra = docs[1];
  if (extra) {
    const pos = lineCounter.linePos(extra.range[0]);
    fail('invalid YAML: expected one document, got several', pos.line, pos.col);
    return undefined;
  }
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    for (const e of problems.slice(0, 10)) {
      const pos = lineCounter.linePos(e.pos[0]);
      const first = e.message.split('\n')[0] ?? e.message;
      fail(`invalid YAML: ${first.replace(/ at line \d+, column \d+.*$/, '')}`, pos.line, pos.col);
    }
    return undefined;
  }
  // A mapping or list as a key (`? [a, b]`) has no JSON form: refused at the key, not stringified.
  let complexKey: Node | undefined;
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      const resolved = isAlias(key) ? key.resolve(doc) : key;
      if (isCollection(resolved)) {
        complexKey = key as Node;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (complexKey) {
    const pos = lineCounter.linePos(complexKey.range?.[0] ?? 0);
    fail('invalid YAML: expected a plain key, got a mapping or list as a key', pos.line, pos.col);
    return undefined;
  }
  const duplicate = firstDuplicateKey(doc);
  if (duplicate) {
    const pos = lineCounter.linePos(duplicate.range?.[0] ?? 0);
    fail('invalid YAML: Map keys must be unique', pos.line, pos.col);
    return undefined;
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    fail(
      /alias/i.test(msg)
        ? `invalid YAML: expected at most ${MAX_ALIAS_COUNT} alias expansions, got more (an alias bomb?)`
        : `invalid YAML: ${msg}`,
    );
    return undefined;
  }
  return { data, source: new SourceMap(doc, lineCounter) };
}
