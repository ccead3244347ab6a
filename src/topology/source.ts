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

/** `accounts[0].regions[0].vpcs[1].cidr`, the way editors and jq spell a path. */
export function formatPath(path: DocPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * A parsed file and what it takes to point back into it. JSON files (machine-made, often
 * large) parse with JSON.parse, two hundred times faster than a YAML parser; the YAML document
 * that maps paths to lines is then built only when a problem has to be located.
 */
export class TopologySource {
  private located: { doc: Document; lines: LineCounter } | undefined;

  constructor(
    readonly file: string,
    private readonly text: string,
    parsed?: { doc: Document; lines: LineCounter },
  ) {
    this.located = parsed;
  }

  /** The line and column of the deepest node of `path` that exists in the document. */
  locate(path: DocPath): { line: number; column: number } {
    this.located ??= yamlDocument(this.text);
    const { doc, lines } = this.located;
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as
        { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) {
        const pos = lines.linePos(node.range[0]);
        return { line: pos.line, column: pos.col };
      }
    }
    return { line: 1, column: 1 };
  }
}

function yamlDocument(text: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  return {
    doc: parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true }),
    lines,
  };
}

/** A problem at a path of a source. */
export function problemAt(
  source: TopologySource,
  path: DocPath,
  message: string,
  code?: string,
): TopologyProblem {
  return {
    file: source.file,
    ...source.locate(path),
    path: formatPath(path),
    message,
    ...(code ? { code } : {}),
  };
}

/** `file:line:column path: Code: message`, one line, as compilers print it. */
export function formatProblem(p: TopologyProblem): string {
  const where = p.path ? ` ${p.path}:` : '';
  return `${p.file}:${p.line}:${p.column}${where} ${p.code ? `${p.code}: ` : ''}${p.message}`;
}

/** Parses a topology file (YAML, or JSON) and checks its shape; every problem, each with its position. */
export function parseTopology(
  file: string,
  text: string,
): Result<{ topology: Topology; source: TopologySource }, TopologyProblem[]> {
  let data: unknown;
  let source: TopologySource;
  const json = /^\s*\{/.test(text) ? tryJson(text) : undefined;
  if (json !== undefined) {
    data = json.value;
    source = new TopologySource(file, text);
  } else {
    const parsed = yamlDocument(text);
    if (parsed.doc.errors.length > 0) {
      return fail(
        parsed.doc.errors.map((e) => {
          const pos = parsed.lines.linePos(e.pos[0]);
          return {
            file,
            line: pos.line,
            column: pos.col,
            path: '',
            message: e.message.split('\n')[0] ?? e.message,
          };
        }),
      );
    }
    data = parsed.doc.toJS({ maxAliasCount: 100 });
    source = new TopologySource(file, text, parsed);
  }
  const checked = topologySchema.safeParse(data);
  if (!checked.success) {
    return fail(
      checked.error.issues.map((issue) =>
        problemAt(
          source,
          issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
          issue.message,
        ),
      ),
    );
  }
  return ok({ topology: checked.data, source });
}

/** JSON.parse, or undefined so the YAML parser reports the syntax error with its position. */
function tryJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}
