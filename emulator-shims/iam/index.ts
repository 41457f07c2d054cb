export { createIamService, type IamServiceOptions } from './service.js';
export { validatePolicyDocument, type PolicyKind } from './policy-document.js';
