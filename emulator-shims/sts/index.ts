export { createStsService, type StsServiceOptions } from './service.js';
export { createSessionRegistry, parseRoleArn, roleIdOf, type IssueRequest, type RoleSession, type SessionRegistry, type SessionRegistryOptions } from './sessions.js';
export { callerOf, principalOf } from './caller.js';
export type { RoleTrust } from './operations/context.js';
