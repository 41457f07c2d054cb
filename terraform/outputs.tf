output "bucket" {
  description = "Bucket the pipeline writes to"
  value       = aws_s3_bucket.logs.id
}

output "stream_name" {
  description = "Kinesis stream the agent sends access-log lines to"
  value       = aws_kinesis_stream.logs.name
}

output "delivery_stream_name" {
  description = "Firehose delivery stream (POST /_hosepipe/firehose/<name>/flush delivers its buffers locally)"
  value       = aws_kinesis_firehose_delivery_stream.logs.name
}

output "function_name" {
  description = "Transform function"
  value       = aws_lambda_function.transform.function_name
}

output "delivery_stream_arn" {
  value = aws_kinesis_firehose_delivery_stream.logs.arn
}
