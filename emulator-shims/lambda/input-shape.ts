import { LambdaError } from './errors.js';

/**
 * The JSON types of an operation's input, declared once per operation (as the SDK's model declares
 * them). Lambda deserialises a body with Jackson before any constraint is checked: a value of the wrong
 * type (`"Timeout": "abc"`) is refused whole, nothing of it stored. Pure.
 */
export type Shape =
  | 'string'
  | 'integer'
  | 'boolean'
  /** base64 text in JSON (ZipFile). */
  | 'blob'
  | { list: Shape }
  | { map: Shape }
  | { struct: Record<string, Shape>; name: string };

const strings = { list: 'string' } as const;
const stringMap = { map: 'string' } as const;

const environment: Shape = { name: 'Environment', struct: { Variables: stringMap } };
const loggingConfig: Shape = { name: 'LoggingConfig', struct: { LogFormat: 'string', ApplicationLogLevel: 'string', SystemLogLevel: 'string', LogGroup: 'string' } };
const configurationFields: Record<string, Shape> = {
  Role: 'string',
  Handler: 'string',
  Description: 'string',
  Timeout: 'integer',
  MemorySize: 'integer',
  VpcConfig: { name: 'VpcConfig', struct: { SubnetIds: strings, SecurityGroupIds: strings, Ipv6AllowedForDualStack: 'boolean' } },
  Environment: environment,
  Runtime: 'string',
  DeadLetterConfig: { name: 'DeadLetterConfig', struct: { TargetArn: 'string' } },
  KMSKeyArn: 'string',
  TracingConfig: { name: 'TracingConfig', struct: { Mode: 'string' } },
  Layers: strings,
  FileSystemConfigs: { list: { name: 'FileSystemConfig', struct: { Arn: 'string', LocalMountPath: 'string' } } },
  ImageConfig: { name: 'ImageConfig', struct: { EntryPoint: strings, Command: strings, WorkingDirectory: 'string' } },
  EphemeralStorage: { name: 'EphemeralStorage', struct: { Size: 'integer' } },
  SnapStart: { name: 'SnapStart', struct: { ApplyOn: 'string' } },
  LoggingConfig: loggingConfig,
};

export const CREATE_FUNCTION_SHAPE: Shape = {
  name: 'CreateFunctionRequest',
  struct: {
    ...configurationFields,
    FunctionName: 'string',
    Code: { name: 'FunctionCode', struct: { ZipFile: 'blob', S3Bucket: 'string', S3Key: 'string', S3ObjectVersion: 'string', ImageUri: 'string', SourceKMSKeyArn: 'string' } },
    Publish: 'boolean',
    PackageType: 'string',
    Tags: stringMap,
    CodeSigningConfigArn: 'string',
    Architectures: strings,
  },
};

export const UPDATE_FUNCTION_CONFIGURATION_SHAPE: Shape = {
  name: 'UpdateFunctionConfigurationRequest',
  struct: { ...configurationFields, RevisionId: 'string' },
};

export const UPDATE_FUNCTION_CODE_SHAPE: Shape = {
  name: 'UpdateFunctionCodeRequest',
  struct: {
    ZipFile: 'blob', S3Bucket: 'string', S3Key: 'string', S3ObjectVersion: 'string', ImageUri: 'string', Publish: 'boolean',
    DryRun: 'boolean', RevisionId: 'string', Architectures: strings, SourceKMSKeyArn: 'string',
  },
};

export const PUBLISH_LAYER_VERSION_SHAPE: Shape = {
  name: 'PublishLayerVersionRequest',
  struct: {
    Description: 'string',
    Content: { name: 'LayerVersionContentInput', struct: { S3Bucket: 'string', S3Key: 'string', S3ObjectVersion: 'string', ZipFile: 'blob' } },
    CompatibleRuntimes: strings,
    LicenseInfo: 'string',
    CompatibleArchitectures: strings,
  },
};

export const TAG_RESOURCE_SHAPE: Shape = { name: 'TagResourceRequest', struct: { Tags: stringMap } };

const JAVA_TYPES: Record<string, string> = {
  string: 'java.lang.String', integer: 'java.lang.Integer', boolean: 'java.lang.Boolean', blob: 'java.nio.ByteBuffer',
};
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Pure: `value` checked against `shape`, with JSON nulls dropped (Jackson reads them as absent) and
 * members the model does not know left out. Throws Lambda's InvalidRequestContentException naming the
 * first member of the wrong type.
 */
export function checkShape<T>(value: unknown, shape: Shape): T {
  return check(value, shape, [typeof shape === 'object' && 'name' in shape ? shape.name : '']) as T;
}

function check(value: unknown, shape: Shape, path: string[]): unknown {
  if (typeof shape === 'string') {
    switch (shape) {
      case 'string':
        if (typeof value === 'string') return value;
        break;
      case 'integer':
        if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 2_147_483_647) return value;
        break;
      case 'boolean':
        if (typeof value === 'boolean') return value;
        break;
      case 'blob':
        if (typeof value === 'string' && value.length % 4 !== 1 && BASE64.test(value.replace(/\s+/g, ''))) return value;
        break;
    }
    throw wrongType(value, JAVA_TYPES[shape]!, path);
  }
  if ('list' in shape) {
    if (!Array.isArray(value)) throw wrongType(value, 'java.util.ArrayList', path);
    return value.map((item, index) => {
      if (item === null) throw wrongType(item, JAVA_TYPES[typeof shape.list === 'string' ? shape.list : 'string']!, [...path, `[${index}]`]);
      return check(item, shape.list, [...path, `[${index}]`]);
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw wrongType(value, 'map' in shape ? 'java.util.HashMap' : shape.name, path);
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if ('map' in shape) {
      if (member === null) throw wrongType(member, JAVA_TYPES.string!, [...path, `["${key}"]`]);
      out[key] = check(member, shape.map, [...path, `["${key}"]`]);
      continue;
    }
    const memberShape = shape.struct[key];
    if (memberShape === undefined || member === null) continue;
    out[key] = check(member, memberShape, [...path, `["${key}"]`]);
  }
  return out;
}

function wrongType(value: unknown, javaType: string, path: string[]): LambdaError {
  const shown = typeof value === 'string' ? `String "${value.slice(0, 100)}"` : Array.isArray(value) ? 'Array value' : value === null ? 'null value' : typeof value === 'object' ? 'Object value' : `${typeof value} value (${String(value)})`;
  const chain = path.length <= 1 ? '' : ` (through reference chain: ${path.join('')})`;
  return new LambdaError(
    'InvalidRequestContentException',
    `Could not parse request body into json: Could not parse payload into json: Cannot deserialize value of type \`${javaType}\` from ${shown}${chain}`,
    400,
  );
}
