import { randomBytes } from 'node:crypto';
import { AwsError } from '../../shared/index.js';
import { limitExceeded, QUOTAS, roleExists } from '../errors.js';
import type { IamOperation } from '../operation.js';
import { validatePolicyDocument } from '../policy-document.js';
import { policySize, validateFields, validTags } from '../validation.js';
import { roleXml } from '../xml.js';

const ROLE_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export const createRole: IamOperation = ({ store, scope, params, now }) => {
  validateFields(params, ['RoleName', 'AssumeRolePolicyDocument'], ['Path', 'Description', 'MaxSessionDuration']);
  const name = params.get('RoleName')!;
  const tags = validTags(params);
  const maxSession = Number(params.get('MaxSessionDuration') ?? 3600);
  if (maxSession < 3600) throw new AwsError('ValidationError', `1 validation error detected: Value '${maxSession}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600`, 400);
  if (maxSession > 43200) throw new AwsError('ValidationError', `1 validation error detected: Value '${maxSession}' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200`, 400);
  if (store.find(name)) throw roleExists(name);
  const document = params.get('AssumeRolePolicyDocument')!;
  validatePolicyDocument(document, 'trust');
  if (policySize(document) > QUOTAS.trustPolicySize) throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${QUOTAS.trustPolicySize}`);
  if (store.roles().length >= QUOTAS.rolesPerAccount) throw limitExceeded(`Cannot exceed quota for RolesPerAccount: ${QUOTAS.rolesPerAccount}`);
  const path = params.get('Path') ?? '/';
  const description = params.get('Description');
  const role = {
    RoleName: name,
    // IAM role ids start AROA, then 17 upper-case base32 characters.
    RoleId: `AROA${[...randomBytes(17)].map((byte) => ROLE_ID_ALPHABET[byte % 32]).join('')}`,
    Arn: `arn:aws:iam::${scope.accountId}:role${path}${name}`,
    Path: path,
    CreateDate: new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    AssumeRolePolicyDocument: document,
    ...(description === undefined ? {} : { Description: description }),
    MaxSessionDuration: maxSession,
    Tags: tags,
    InlinePolicies: {},
    AttachedPolicies: [],
  };
  store.put(role);
  return `<Role>${roleXml(role)}</Role>`;
};
