import type { Header, HeaderSpace } from '../../net/index.js';
import type { Node } from '../../dataplane/index.js';
import type { PathComponent } from '../trace/types.js';

/**
 * What the access analyzer answers: findings in Network Access Analyzer's shape
 * (`AccessScopeAnalysisFinding`, whose components are Reachability Analyzer's `PathComponent`s),
 * each with the exact header space it carries and a witness packet.
 */

/** One path class: every header in `space` takes exactly this path (decision D124). */
export interface AccessFinding {
  /** Deterministic: `AnalysisFinding-` + a hash of `key`. */
  readonly findingId: string;
  /** Stable identity across two analyses (components and header space): diffs compare keys. */
  readonly key: string;
  /** The hops, RA's shape; each hop's headers are the finding's space as seen there. */
  readonly components: readonly PathComponent[];
  /** The component the path starts at (an ENI, an internet gateway, an attachment …). */
  readonly source: Node;
  /** The component it ends at. */
  readonly destination: Node;
  /** The headers at the source that take this path. */
  readonly space: HeaderSpace;
  /** One of them, as sent: replaying it through the tracer gives the same components. */
  readonly witness: Header;
}

/** The result of one scope over one dataplane. */
export interface AccessAnalysis {
  /** In a deterministic order: by source, destination, then path. */
  readonly findings: readonly AccessFinding[];
  /** ENIs the analysis considered (AWS's billing basis, reported as AnalyzedEniCount). */
  readonly analyzedEniCount: number;
}

/** Options of one analysis. */
export interface AccessOptions {
  /** Called as starting points are done; `total` is known from the start. */
  readonly onProgress?: (done: number, total: number) => void;
}
