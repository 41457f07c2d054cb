export { createAuthorizer, type Authorizer, type AuthorizerOptions } from './authorizer.js';
export { accessDenied, reasonText } from './denial.js';
export type { DenialEntry, DenialLog } from './denial-log.js';
export type { DenialReason } from './evaluate.js';
export { awsManagedPolicies } from './identity-policies.js';
