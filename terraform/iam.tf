# Two roles with one inline policy each, named after the role: the statements of provision/policies.ts.

data "aws_iam_policy_document" "transform_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "firehose_trust" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["firehose.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [local.account_id]
    }
  }
}

# The transform may only write its own log group.
data "aws_iam_policy_document" "transform" {
  statement {
    sid       = "OwnLogGroupOnly"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.function_log_group_arn}:*"]
  }
}

# Firehose may read only this stream, write only under the configured prefixes of this bucket,
# invoke only this function and write only its own log stream.
data "aws_iam_policy_document" "firehose" {
  statement {
    sid       = "ReadTheSourceStream"
    effect    = "Allow"
    actions   = ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"]
    resources = [aws_kinesis_stream.logs.arn]
  }
  statement {
    sid       = "SeeTheBucket"
    effect    = "Allow"
    actions   = ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"]
    resources = [aws_s3_bucket.logs.arn]
  }
  statement {
    sid       = "WriteUnderThePrefixes"
    effect    = "Allow"
    actions   = ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"]
    resources = [for prefix in local.write_prefixes : "${aws_s3_bucket.logs.arn}/${prefix}*"]
  }
  statement {
    sid       = "InvokeTheTransform"
    effect    = "Allow"
    actions   = ["lambda:InvokeFunction", "lambda:GetFunctionConfiguration"]
    resources = [local.function_arn, "${local.function_arn}:*"]
  }
  statement {
    sid       = "OwnLogStreamOnly"
    effect    = "Allow"
    actions   = ["logs:PutLogEvents"]
    resources = ["${local.firehose_log_group_arn}:log-stream:${local.firehose_log_stream}"]
  }
  dynamic "statement" {
    for_each = var.bucket_kms_key_arn == null ? [] : [var.bucket_kms_key_arn]
    content {
      sid       = "EncryptWithTheBucketKey"
      effect    = "Allow"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [statement.value]
      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = ["s3.${local.region}.amazonaws.com"]
      }
    }
  }
}

resource "aws_iam_role" "transform" {
  name               = local.transform_role
  assume_role_policy = data.aws_iam_policy_document.transform_trust.json
  tags               = local.tags
}

resource "aws_iam_role_policy" "transform" {
  name   = local.transform_role
  role   = aws_iam_role.transform.id
  policy = data.aws_iam_policy_document.transform.json
}

resource "aws_iam_role" "firehose" {
  name               = local.firehose_role
  assume_role_policy = data.aws_iam_policy_document.firehose_trust.json
  tags               = local.tags
}

resource "aws_iam_role_policy" "firehose" {
  name   = local.firehose_role
  role   = aws_iam_role.firehose.id
  policy = data.aws_iam_policy_document.firehose.json
}
