# AWS: credentials and account from the default chain (env, profile, SSO, instance role).
provider "aws" {
  region = var.region
}
