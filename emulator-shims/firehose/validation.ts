/** Firehose validates its input with the shared table engine; its violations are ValidationException. */
export { base64Problem, findViolations, validateInput, type Constraint, type ValidationTable } from '../shared/validation.js';
