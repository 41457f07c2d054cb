resource "aws_kinesis_stream" "logs" {
  name             = local.stream
  shard_count      = var.stream_mode == "ON_DEMAND" ? null : var.shards
  retention_period = var.stream_retention_hours
  encryption_type  = var.stream_encryption ? "KMS" : "NONE"
  kms_key_id       = var.stream_encryption ? "alias/aws/kinesis" : null
  stream_mode_details {
    stream_mode = var.stream_mode
  }
  tags = local.tags
}
