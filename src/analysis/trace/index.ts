// The concrete packet tracer (VPC Reachability Analyzer's job) over the compiled dataplane.
export { trace } from './trace.js';
export { formatTrace, formatHeader } from './format.js';
export {
  resolveRequest,
  DEFAULT_SOURCE_PORT,
  INTERNET_HOST,
  type Goal,
  type Resolved,
} from './request.js';
export * from './types.js';
