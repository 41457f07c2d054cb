import { Architecture, Runtime, type PublishLayerVersionRequest } from '@aws-sdk/client-lambda';
import { lambdaValidationError } from '../errors.js';

/** PublishLayerVersion's member constraints, as one ValidationException in Lambda's wording. */
export function validatePublishLayerVersion(input: Omit<PublishLayerVersionRequest, 'LayerName'>): void {
  const problems: string[] = [];
  if (input.Content === undefined) problems.push(`Value null at 'content' failed to satisfy constraint: Member must not be null`);
  if (input.Description !== undefined && input.Description.length > 256) {
    problems.push(`Value '${input.Description.slice(0, 100)}…' at 'description' failed to satisfy constraint: Member must have length less than or equal to 256`);
  }
  if (input.LicenseInfo !== undefined && input.LicenseInfo.length > 512) {
    problems.push(`Value '${input.LicenseInfo.slice(0, 100)}…' at 'licenseInfo' failed to satisfy constraint: Member must have length less than or equal to 512`);
  }
  const runtimes = input.CompatibleRuntimes ?? [];
  if (runtimes.length > 15) problems.push(`Value '[${runtimes.join(', ')}]' at 'compatibleRuntimes' failed to satisfy constraint: Member must have length less than or equal to 15`);
  runtimes.forEach((runtime, index) => {
    if (!(Object.values(Runtime) as string[]).includes(runtime)) {
      problems.push(`Value '${String(runtime).slice(0, 40)}' at 'compatibleRuntimes.${index + 1}.member' failed to satisfy constraint: Member must satisfy enum value set: [${Object.values(Runtime).join(', ')}]`);
    }
  });
  const architectures = input.CompatibleArchitectures ?? [];
  if (architectures.length > 2) problems.push(`Value '[${architectures.join(', ')}]' at 'compatibleArchitectures' failed to satisfy constraint: Member must have length less than or equal to 2`);
  architectures.forEach((architecture, index) => {
    if (!(Object.values(Architecture) as string[]).includes(architecture)) {
      problems.push(`Value '${String(architecture).slice(0, 40)}' at 'compatibleArchitectures.${index + 1}.member' failed to satisfy constraint: Member must satisfy enum value set: [x86_64, arm64]`);
    }
  });
  if (problems.length > 0) throw lambdaValidationError(problems);
}
