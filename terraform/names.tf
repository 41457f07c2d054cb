# Names and ARNs as provision/names.ts derives them, so Terraform and `hosepipe deploy` agree.
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  bucket          = "${var.name}-${local.account_id}-${local.region}"
  bucket_arn      = "arn:${local.partition}:s3:::${local.bucket}"
  stream          = "${var.name}-access-logs"
  function_name   = "${var.name}-transform"
  function_arn    = "arn:${local.partition}:lambda:${local.region}:${local.account_id}:function:${local.function_name}"
  delivery_stream = "${var.name}-to-s3"
  firehose_role   = "${var.name}-firehose"
  transform_role  = "${var.name}-transform"

  function_log_group     = "/aws/lambda/${local.function_name}"
  function_log_group_arn = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.function_log_group}"
  firehose_log_group     = "/aws/kinesisfirehose/${local.delivery_stream}"
  firehose_log_group_arn = "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.firehose_log_group}"
  firehose_log_stream    = "DestinationDelivery"

  tags = { "hosepipe:pipeline" = var.name }

  # The literal start of each prefix expression: where Firehose writes objects (provision/desired.ts staticPart).
  write_prefixes   = distinct([for prefix in compact([var.prefix, var.error_output_prefix, var.backup_prefix]) : split("!{", prefix)[0]])
  uses_lambda_keys = length(regexall("!\\{partitionKeyFromLambda:", var.prefix)) > 0
}
