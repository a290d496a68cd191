package dev.pipit.plugin.s3;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The IAM documents an S3 connection needs: the access policy (what Pipit may do with the bucket) and, for a role,
 * its trust policy (who may assume the role, and with which external id). Built as data and written by Jackson,
 * so they are always valid JSON to paste into AWS.
 */
final class IamPolicies {
    /** What a role needs to read a bucket. */
    static final List<String> READ_ACTIONS = List.of("s3:GetObject", "s3:ListBucket");
    /**
     * What a role needs in addition for a sink to write to a bucket: PutObject covers the single PUT and every step
     * of a multipart upload but its abort, which a failed export uses to drop its parts.
     */
    static final List<String> WRITE_ACTIONS = List.of("s3:PutObject", "s3:PutObjectAcl", "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts");

    /** What polling a bucket's notification queue needs (IMPORT_NOTIFICATIONS). */
    static final List<String> QUEUE_ACTIONS = List.of("sqs:ReceiveMessage", "sqs:DeleteMessage",
            "sqs:GetQueueAttributes");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private IamPolicies() {}

    /** The role's access policy for {@code bucket}; {@code write} adds the actions a writer needs. */
    static String accessPolicy(String bucket, boolean write) {
        return accessPolicy(bucket, write, null);
    }

    /**
     * The role's access policy for {@code bucket}, and for polling the queue its notifications go to when
     * {@code queueArn} is not {@code null}.
     */
    static String accessPolicy(String bucket, boolean write, String queueArn) {
        requireNonNull(bucket, "bucket is null");
        List<String> actions = write
                ? Stream.concat(READ_ACTIONS.stream(), WRITE_ACTIONS.stream()).toList()
                : READ_ACTIONS;
        List<Map<String, Object>> statements = new ArrayList<>(List.of(
                statement(actions, List.of("arn:aws:s3:::" + bucket, "arn:aws:s3:::" + bucket + "/*")),
                // Listing the account's buckets lets a console or `aws s3 ls` show the bucket; harmless otherwise.
                statement(List.of("s3:ListAllMyBuckets"), "*")));
        if (queueArn != null) {
            statements.add(statement(QUEUE_ACTIONS, queueArn));
        }
        return document(statements);
    }

    /**
     * The queue's own access policy: S3 may send the bucket's events to it (SQS refuses them otherwise). The
     * condition keeps other buckets from writing to the queue.
     */
    static String queuePolicy(String bucket, String queueArn) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("Service", "s3.amazonaws.com"));
        statement.put("Action", "sqs:SendMessage");
        statement.put("Resource", queueArn);
        statement.put("Condition", Map.of("ArnLike", Map.of("aws:SourceArn", "arn:aws:s3:::" + bucket)));
        return document(List.of(statement));
    }

    /**
     * The bucket's notification configuration ({@code aws s3api put-bucket-notification-configuration}): every new
     * object goes to the queue. Pipit matches the data sources' patterns itself, so no filter is needed.
     */
    static String notificationConfiguration(String queueArn) {
        Map<String, Object> queue = new LinkedHashMap<>();
        queue.put("Id", "pipit");
        queue.put("QueueArn", queueArn);
        queue.put("Events", List.of("s3:ObjectCreated:*"));
        return write(Map.of("QueueConfigurations", List.of(queue)));
    }

    /**
     * The role's trust policy: {@code principal} (the identity Pipit runs as) may assume the role when it presents
     * {@code externalId}, which keeps the role from being a confused deputy.
     */
    static String trustPolicy(String principal, String externalId) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("AWS", requireNonNull(principal, "principal is null")));
        statement.put("Action", "sts:AssumeRole");
        statement.put("Condition",
                Map.of("StringEquals", Map.of("sts:ExternalId", requireNonNull(externalId, "externalId is null"))));
        return document(List.of(statement));
    }

    private static Map<String, Object> statement(List<String> actions, Object resource) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("Effect", "Allow");
        statement.put("Action", actions);
        statement.put("Resource", resource);
        return statement;
    }

    private static String document(List<Map<String, Object>> statements) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", "2012-10-17");
        document.put("Statement", statements);
        return write(document);
    }

    private static String write(Map<String, Object> document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a policy: " + e.getMessage(), e);
        }
    }
}
