/**
 * What the common AWS SAM policy templates grant (from SAM's published
 * policy_templates list, summarised: actions and the resource kind). A
 * template not listed here is judged "not known statically" (moderate).
 */
export interface SamTemplateGrant {
  actions: string[];
  /** Whether the template scopes to the named resource (false: Resource "*"). */
  scoped: boolean;
}

const S3_READ = ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:GetLifecycleConfiguration'];
const S3_WRITE = ['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration'];
const DDB_READ = ['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable'];
const DDB_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'];

export const SAM_TEMPLATES: Record<string, SamTemplateGrant> = {
  S3ReadPolicy: { actions: S3_READ, scoped: true },
  S3WritePolicy: { actions: S3_WRITE, scoped: true },
  S3CrudPolicy: { actions: [...S3_READ, ...S3_WRITE, 's3:DeleteObject'], scoped: true },
  S3FullAccessPolicy: { actions: [...S3_READ, ...S3_WRITE, 's3:DeleteObject', 's3:GetObjectAcl', 's3:PutObjectTagging', 's3:DeleteObjectTagging', 's3:GetObjectTagging'], scoped: true },
  DynamoDBReadPolicy: { actions: DDB_READ, scoped: true },
  DynamoDBWritePolicy: { actions: [...DDB_WRITE, 'dynamodb:DescribeTable'], scoped: true },
  DynamoDBCrudPolicy: { actions: [...DDB_READ, ...DDB_WRITE, 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'], scoped: true },
  DynamoDBStreamReadPolicy: { actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'], scoped: true },
  SQSSendMessagePolicy: { actions: ['sqs:SendMessage*'], scoped: true },
  SQSPollerPolicy: { actions: ['sqs:ChangeMessageVisibility', 'sqs:ChangeMessageVisibilityBatch', 'sqs:DeleteMessage', 'sqs:DeleteMessageBatch', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'], scoped: true },
  SNSPublishMessagePolicy: { actions: ['sns:Publish'], scoped: true },
  LambdaInvokePolicy: { actions: ['lambda:InvokeFunction'], scoped: true },
  SSMParameterReadPolicy: { actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'], scoped: true },
  SSMParameterWithSlashPrefixReadPolicy: { actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'], scoped: true },
  AWSSecretsManagerGetSecretValuePolicy: { actions: ['secretsmanager:GetSecretValue'], scoped: true },
  KMSDecryptPolicy: { actions: ['kms:Decrypt'], scoped: true },
  KMSEncryptPolicy: { actions: ['kms:Encrypt'], scoped: true },
  StepFunctionsExecutionPolicy: { actions: ['states:StartExecution'], scoped: true },
  EventBridgePutEventsPolicy: { actions: ['events:PutEvents'], scoped: true },
  KinesisStreamReadPolicy: { actions: ['kinesis:ListStreams', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator'], scoped: true },
  KinesisCrudPolicy: { actions: ['kinesis:AddTagsToStream', 'kinesis:CreateStream', 'kinesis:DecreaseStreamRetentionPeriod', 'kinesis:DeleteStream', 'kinesis:DescribeStream', 'kinesis:GetShardIterator', 'kinesis:PutRecord', 'kinesis:PutRecords'], scoped: true },
  SESSendBouncePolicy: { actions: ['ses:SendBounce'], scoped: true },
  SESCrudPolicy: { actions: ['ses:GetIdentityVerificationAttributes', 'ses:SendEmail', 'ses:SendRawEmail', 'ses:VerifyEmailIdentity'], scoped: true },
  CloudWatchPutMetricPolicy: { actions: ['cloudwatch:PutMetricData'], scoped: false },
  VPCAccessPolicy: { actions: ['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DetachNetworkInterface'], scoped: false },
  AMIDescribePolicy: { actions: ['ec2:DescribeImages'], scoped: false },
  CloudWatchDescribeAlarmHistoryPolicy: { actions: ['cloudwatch:DescribeAlarmHistory'], scoped: false },
  EC2DescribePolicy: { actions: ['ec2:DescribeRegions', 'ec2:DescribeInstances'], scoped: false },
};
