# Each variable mirrors a hosepipe.yaml setting; the defaults are hosepipe.yaml's defaults, so
# this module and `hosepipe deploy` create the same pipeline from the same settings.

variable "name" {
  description = "Pipeline name (hosepipe.yaml `name`): names the bucket, stream, function, roles and delivery stream."
  type        = string
  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 lowercase letters, digits or hyphens (it names the bucket)."
  }
}

variable "shards" {
  description = "stream.shards"
  type        = number
  default     = 1
}

variable "stream_retention_hours" {
  description = "stream.retentionHours"
  type        = number
  default     = 24
}

variable "stream_mode" {
  description = "stream.mode: PROVISIONED or ON_DEMAND"
  type        = string
  default     = "PROVISIONED"
}

variable "stream_encryption" {
  description = "stream.encryption: SSE with the AWS-managed key alias/aws/kinesis"
  type        = bool
  default     = false
}

variable "bucket_kms_key_arn" {
  description = "bucket.kmsKeyArn: SSE-KMS with this key; SSE-S3 (AES256) when null"
  type        = string
  default     = null
}

variable "bucket_lifecycle" {
  description = "bucket.lifecycle: expire objects under a prefix after N days"
  type        = list(object({ prefix = string, expire_days = number }))
  default     = []
}

variable "force_destroy" {
  description = "Let `terraform destroy` delete a bucket that still holds objects (hosepipe destroy --empty-bucket)."
  type        = bool
  default     = false
}

variable "log_format" {
  description = "nginx.logFormat: combined, main, or a log_format string"
  type        = string
  default     = "combined"
}

variable "log_escape" {
  description = "nginx.logEscape: default, json or none"
  type        = string
  default     = "default"
}

variable "time_zone" {
  description = "transform.timeZone: IANA zone of the partition keys"
  type        = string
  default     = "Asia/Seoul"
}

variable "drop_rules" {
  description = "transform.dropRules as a JSON string, e.g. [{\"field\":\"uri\",\"equals\":\"/healthz\"}]; empty for none"
  type        = string
  default     = ""
}

variable "memory_mb" {
  description = "transform.memoryMB"
  type        = number
  default     = 256
}

variable "timeout_seconds" {
  description = "transform.timeoutSeconds"
  type        = number
  default     = 60
}

variable "architecture" {
  description = "transform.architecture: x86_64 or arm64"
  type        = string
  default     = "x86_64"
}

variable "log_retention_days" {
  description = "transform.logRetentionDays: retention of the function's and Firehose's log groups"
  type        = number
  default     = 14
}

variable "buffering_size_mb" {
  description = "firehose.buffering.sizeMB"
  type        = number
  default     = 64
}

variable "buffering_interval_seconds" {
  description = "firehose.buffering.intervalSeconds"
  type        = number
  default     = 60
}

variable "processor_buffer_size_mb" {
  description = "firehose.processorBuffering.sizeMB (0.5, not Firehose's 1: short access-log lines grow ~6x in the transform's answer)"
  type        = number
  default     = 0.5
}

variable "processor_buffer_interval_seconds" {
  description = "firehose.processorBuffering.intervalSeconds"
  type        = number
  default     = 60
}

variable "lambda_retries" {
  description = "firehose.lambdaRetries"
  type        = number
  default     = 3
}

variable "prefix" {
  description = "firehose.prefix"
  type        = string
  default     = "kinesis/firehose/migration/year=!{partitionKeyFromLambda:year}/month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/"
}

variable "error_output_prefix" {
  description = "firehose.errorOutputPrefix"
  type        = string
  default     = "kinesis/firehose/origin/error/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/"
}

variable "backup_prefix" {
  description = "firehose.backupPrefix: S3 backup of the raw source records; null turns the backup off"
  type        = string
  default     = "kinesis/firehose/origin/raw/!{timestamp:yyyy/MM/dd/HH}/"
}

variable "compression" {
  description = "firehose.compression: UNCOMPRESSED, GZIP, ZIP, Snappy or HADOOP_SNAPPY"
  type        = string
  default     = "UNCOMPRESSED"
}

variable "custom_time_zone" {
  description = "firehose.customTimeZone: zone of !{timestamp:...}"
  type        = string
  default     = "UTC"
}

variable "logging" {
  description = "firehose.logging: CloudWatch logging of delivery errors to /aws/kinesisfirehose/<stream>"
  type        = bool
  default     = true
}

variable "lambda_zip_path" {
  description = "The transform artifact built by `make build`"
  type        = string
  default     = "dist/lambda/transform.zip"
}
