# The local endpoint of `hosepipe up` (one port for every service, account 000000000000).
# `hosepipe tf-local` points `endpoint` at the running stack; `make up` uses 127.0.0.1:4566.

variable "endpoint" {
  description = "The hosepipe endpoint URL"
  type        = string
  default     = "http://127.0.0.1:4566"
}

provider "aws" {
  region                      = var.region
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  s3_use_path_style           = true

  endpoints {
    cloudwatchlogs = var.endpoint
    firehose       = var.endpoint
    iam            = var.endpoint
    kinesis        = var.endpoint
    lambda         = var.endpoint
    s3             = var.endpoint
    sts            = var.endpoint
  }
}
