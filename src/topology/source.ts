import { LineCounter, parseDocument, type Document } from 'yaml';
import { fail, ok, type Result } from '../model/result.js';
import { topologySchema, type Topology } from './schema.js';

/** A path into the topology document, e.g. ['accounts', 0, 'regions', 0, 'vpcs', 1, 'cidr']. */
export type DocPath = readonly (string | number)[];

/** A problem in a topology file, pointing at the place it comes from. */
export interface TopologyProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly path: string;
  /** The AWS error code when an operation refused the value. */
  readonly code?: string;
  readonly message: string;
}

/** A parsed file and what it takes to point back into it. */
export interface TopologySource {
  readonly file: string;
  readonly doc: Document;
  readonly lines: LineCounter;
}

/** `accounts[0].regions[0].vpcs[1].cidr`, the way editors and jq spell a path. */
export function formatPath(path: DocPath): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
}

/** The line and column of the deepest node of `path` that exists in the document. */
export function locate(source: TopologySource, path: DocPath): { line: number; column: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = source.doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) {
      const pos = source.lines.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return { line: 1, column: 1 };
}

/** A problem at a path of a source. */
export function problemAt(
  source: TopologySource,
  path: DocPath,
  message: string,
  code?: string,
): TopologyProblem {
  return { file: source.file, ...locate(source, path), path: formatPath(path), message, ...(code ? { code } : {}) };
}

/** `file:line:column path: Code: message`, one line, as compilers print it. */
export function formatProblem(p: TopologyProblem): string {
  const where = p.path ? ` ${p.path}:` : '';
  return `${p.file}:${p.line}:${p.column}${where} ${p.code ? `${p.code}: ` : ''}${p.message}`;
}

/** Parses topology YAML and checks its shape; every problem found, each with its position. */
export function parseTopology(
  file: string,
  text: string,
): Result<{ topology: Topology; source: TopologySource }, TopologyProblem[]> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const source: TopologySource = { file, doc, lines };
  if (doc.errors.length > 0) {
    return fail(
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { file, line: pos.line, column: pos.col, path: '', message: e.message.split('\n')[0] ?? e.message };
      }),
    );
  }
  const parsed = topologySchema.safeParse(doc.toJS({ maxAliasCount: 100 }));
  if (!parsed.success) {
    return fail(
      parsed.error.issues.map((issue) =>
        problemAt(source, issue.path.filter((p): p is string | number => typeof p !== 'symbol'), issue.message),
      ),
    );
  }
  return ok({ topology: parsed.data, source });
}
