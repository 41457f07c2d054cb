# The transform function from the one artifact (`make build`), configured through the
# environment variables lambda/environment.ts reads (TRANSFORM_ENV).

resource "aws_cloudwatch_log_group" "transform" {
  name              = local.function_log_group
  retention_in_days = var.log_retention_days
  tags              = local.tags
}

resource "aws_lambda_function" "transform" {
  function_name    = local.function_name
  role             = aws_iam_role.transform.arn
  filename         = var.lambda_zip_path
  source_code_hash = filebase64sha256(var.lambda_zip_path)
  handler          = "index.handler"
  runtime          = "nodejs22.x"
  memory_size      = var.memory_mb
  timeout          = var.timeout_seconds
  architectures    = [var.architecture]
  environment {
    variables = merge(
      {
        HOSEPIPE_LOG_FORMAT = var.log_format
        HOSEPIPE_LOG_ESCAPE = var.log_escape
        HOSEPIPE_TIME_ZONE  = var.time_zone
      },
      var.drop_rules == "" || var.drop_rules == "[]" ? {} : { HOSEPIPE_DROP_RULES = var.drop_rules },
    )
  }
  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.transform.name
  }
  tags = local.tags
  # The role's policy must exist before the function can write its logs.
  depends_on = [aws_iam_role_policy.transform]
}
