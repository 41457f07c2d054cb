type Document = Record<string, unknown>;

function isPlainObject(value: unknown): value is Document {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Pure: a scenario's `pipeline` settings laid over the project's hosepipe.yaml, object by object (a scenario
 * that sets `agent.maxBufferAgeMs` keeps the project's other agent settings); a list or a value replaces.
 */
export function overlayPipeline(base: unknown, overlay: unknown): Document {
  const merged: Document = isPlainObject(base) ? { ...base } : {};
  if (!isPlainObject(overlay)) return merged;
  for (const [key, value] of Object.entries(overlay)) {
    merged[key] = isPlainObject(value) && isPlainObject(merged[key]) ? overlayPipeline(merged[key], value) : value;
  }
  return merged;
}
