# The delivery stream as provision/desired.ts builds it: Kinesis source, the Lambda processor,
# dynamic partitioning on the Lambda's keys, S3 backup of the raw records, CloudWatch logging.

resource "aws_cloudwatch_log_group" "firehose" {
  count             = var.logging ? 1 : 0
  name              = local.firehose_log_group
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

# Firehose writes delivery errors to this stream but does not create it.
resource "aws_cloudwatch_log_stream" "firehose" {
  count          = var.logging ? 1 : 0
  name           = local.firehose_log_stream
  log_group_name = aws_cloudwatch_log_group.firehose[0].name
}

locals {
  # The provider fills in the Lambda parameters left out and drops those equal to its defaults when it
  # reads the stream back, so only values that differ from its defaults are written here.
  processor_parameter_defaults = { NumberOfRetries = "3", BufferSizeInMBs = "1", BufferIntervalInSeconds = "60" }
  processor_parameters = {
    for name, value in {
      NumberOfRetries         = tostring(var.lambda_retries)
      BufferSizeInMBs         = tostring(var.processor_buffer_size_mb)
      BufferIntervalInSeconds = tostring(var.processor_buffer_interval_seconds)
    } : name => value if value != local.processor_parameter_defaults[name]
  }
}

resource "aws_kinesis_firehose_delivery_stream" "logs" {
  name        = local.delivery_stream
  destination = "extended_s3"

  kinesis_source_configuration {
    kinesis_stream_arn = aws_kinesis_stream.logs.arn
    role_arn           = aws_iam_role.firehose.arn
  }

  extended_s3_configuration {
    role_arn            = aws_iam_role.firehose.arn
    bucket_arn          = aws_s3_bucket.logs.arn
    prefix              = var.prefix
    error_output_prefix = var.error_output_prefix
    buffering_size      = var.buffering_size_mb
    buffering_interval  = var.buffering_interval_seconds
    compression_format  = var.compression
    custom_time_zone    = var.custom_time_zone
    kms_key_arn         = var.bucket_kms_key_arn

    cloudwatch_logging_options {
      enabled         = var.logging
      log_group_name  = var.logging ? local.firehose_log_group : null
      log_stream_name = var.logging ? local.firehose_log_stream : null
    }

    processing_configuration {
      enabled = true
      processors {
        type = "Lambda"
        parameters {
          parameter_name  = "LambdaArn"
          parameter_value = aws_lambda_function.transform.arn
        }
        dynamic "parameters" {
          for_each = local.processor_parameters
          content {
            parameter_name  = parameters.key
            parameter_value = parameters.value
          }
        }
      }
    }

    dynamic "dynamic_partitioning_configuration" {
      for_each = local.uses_lambda_keys ? [1] : []
      content {
        enabled        = true
        retry_duration = 300
      }
    }

    s3_backup_mode = var.backup_prefix == null ? "Disabled" : "Enabled"
    dynamic "s3_backup_configuration" {
      for_each = var.backup_prefix == null ? [] : [var.backup_prefix]
      content {
        role_arn            = aws_iam_role.firehose.arn
        bucket_arn          = aws_s3_bucket.logs.arn
        prefix              = s3_backup_configuration.value
        error_output_prefix = var.error_output_prefix
        buffering_size      = min(var.buffering_size_mb, 128)
        buffering_interval  = max(var.buffering_interval_seconds, 60)
        compression_format  = var.compression
      }
    }
  }

  tags = local.tags

  # Firehose checks at creation that it may use the role, the stream, the bucket and the function.
  depends_on = [aws_iam_role_policy.firehose, aws_cloudwatch_log_stream.firehose]
}
