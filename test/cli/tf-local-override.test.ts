import test from 'ava';
import { endpointOverride, PROVIDER_SERVICES } from '../../stack/terraform-override.js';

test('the endpoint override sends every service the module uses to the running endpoint', (t) => {
  const text = endpointOverride('http://127.0.0.1:45123');
  for (const service of PROVIDER_SERVICES) t.regex(text, new RegExp(`^    ${service} +\\= "http://127\\.0\\.0\\.1:45123"$`, 'm'), service);
  t.regex(text, /^provider "aws" \{$/m);
  t.regex(text, /s3_use_path_style += true/);
  t.regex(text, /skip_credentials_validation = true/);
});
