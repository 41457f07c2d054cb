# The same in both examples; only provider.tf differs (local endpoint or AWS).

variable "name" {
  description = "Pipeline name, as in hosepipe.yaml"
  type        = string
  default     = "weblogs"
}

variable "region" {
  description = "AWS region, as in hosepipe.yaml"
  type        = string
  default     = "us-east-1"
}

variable "lambda_zip_path" {
  description = "The transform artifact (`make build`)"
  type        = string
  default     = "../../../dist/lambda/transform.zip"
}

variable "force_destroy" {
  description = "Let destroy delete the bucket with its objects"
  type        = bool
  default     = false
}

module "pipeline" {
  source          = "../.."
  name            = var.name
  lambda_zip_path = var.lambda_zip_path
  force_destroy   = var.force_destroy
}

output "bucket" {
  value = module.pipeline.bucket
}

output "stream_name" {
  value = module.pipeline.stream_name
}

output "delivery_stream_name" {
  value = module.pipeline.delivery_stream_name
}
