export { createErrorCounters, VIEW_USER_AGENT, type CountedError, type ErrorCounters } from './error-counters.js';
export { createPipelineView, type PipelineView, type PipelineViewOptions } from './pipeline-view.js';
export { handleViewRoute, isViewRoute, type ViewRouteContext } from './routes.js';
export { createSourceRegistry, parseSource, type PipelineSource, type SourceRegistry } from './sources.js';
export type {
  BufferFill, Counter, ErrorCount, LogLine, ObjectKind, ObjectPreview, ObjectSummary, PipelineRef, PipelineSnapshot, PrefixObjects, PreviewRecord,
} from './types.js';
