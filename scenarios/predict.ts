import { readTransformConfig, transformEnvironment, transformRecords } from '../lambda/index.js';
import type { PipelineConfig } from '../provision/index.js';
import type { Prediction } from './audit.js';

const BATCH = 2_000;

/**
 * Pure: the transform the pipeline deploys, run in-process on lines, so the audit can tell which JSON
 * record came from which line. The line is given as the agent sends it: with its trailing newline.
 */
export function predictTransform(config: PipelineConfig): ((lines: string[]) => Prediction[]) | undefined {
  // The team's own function may do anything (write its own objects): it is not run again for the audit.
  if (config.transform.code !== undefined) return undefined;
  const transform = readTransformConfig(transformEnvironment({
    logFormat: config.nginx.logFormat,
    escape: config.nginx.logEscape,
    timeZone: config.transform.timeZone,
    dropRules: config.transform.dropRules,
  }));
  return (lines) => {
    const predictions: Prediction[] = [];
    for (let start = 0; start < lines.length; start += BATCH) {
      const records = lines.slice(start, start + BATCH).map((line, index) => ({
        recordId: String(start + index),
        approximateArrivalTimestamp: 0,
        data: Buffer.from(`${line}\n`, 'latin1').toString('base64'),
      }));
      for (const result of transformRecords(transform, records).records) {
        if (result.result === 'Ok') predictions.push({ kind: 'ok', json: Buffer.from(result.data, 'base64').toString('latin1').replace(/\n$/, '') });
        else predictions.push({ kind: result.result === 'Dropped' ? 'dropped' : 'failed' });
      }
    }
    return predictions;
  };
}
