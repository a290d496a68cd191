package dev.pipit.testkit.sqs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * S3 event messages as AWS documents them, for tests to send to a queue: an event notification sent to SQS
 * directly, the same wrapped by SNS, an EventBridge event, and the test event S3 sends when notifications are set
 * up. Only the fields a reader may rely on vary; the rest are AWS's example values.
 */
public final class S3Events {
    private S3Events() {}

    /** An S3 event notification with one record; the key is URL-encoded as S3 encodes it. */
    public static String direct(String eventName, String bucket, String key, long size, String etag, Instant time) {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",\
                "eventTime":"%s","eventName":"%s","userIdentity":{"principalId":"AWS:AIDAEXAMPLE"},\
                "requestParameters":{"sourceIPAddress":"127.0.0.1"},"responseElements":{"x-amz-request-id":\
                "C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},\
                "s3":{"s3SchemaVersion":"1.0","configurationId":"pipit","bucket":{"name":"%s","ownerIdentity":\
                {"principalId":"A3NL1KOZZKExample"},"arn":"arn:aws:s3:::%s"},"object":{"key":"%s","size":%d,\
                "eTag":"%s","sequencer":"0055AED6DCD90281E5"}}}]}"""
                .formatted(time, eventName, bucket, bucket, encode(key), size, etag);
    }

    /** {@link #direct} for a new object ({@code ObjectCreated:Put}). */
    public static String created(String bucket, String key, long size, String etag, Instant time) {
        return direct("ObjectCreated:Put", bucket, key, size, etag, time);
    }

    /** An event notification as an SNS topic delivers it to a queue without raw message delivery. */
    public static String snsWrapped(String event) {
        return """
                {"Type":"Notification","MessageId":"22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",\
                "TopicArn":"arn:aws:sns:us-east-1:123456789012:pipit-landing","Subject":"Amazon S3 Notification",\
                "Message":%s,"Timestamp":"2024-01-01T00:00:00.000Z","SignatureVersion":"1",\
                "Signature":"EXAMPLE","SigningCertURL":"https://sns.us-east-1.amazonaws.com/cert.pem",\
                "UnsubscribeURL":"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe"}"""
                .formatted(quote(event));
    }

    /** An EventBridge {@code Object Created} event, whose key is not URL-encoded. */
    public static String eventBridge(String bucket, String key, long size, String etag, Instant time) {
        return """
                {"version":"0","id":"17793124-05d4-b198-2fde-7ededc63b103","detail-type":"Object Created",\
                "source":"aws.s3","account":"111122223333","time":"%s","region":"us-east-1",\
                "resources":["arn:aws:s3:::%s"],"detail":{"version":"0","bucket":{"name":"%s"},\
                "object":{"key":%s,"size":%d,"etag":"%s","sequencer":"00617F08299329D189"},\
                "request-id":"N4N7GDK58NMKJ12R","requester":"123456789012","source-ip-address":"1.2.3.4",\
                "reason":"PutObject"}}"""
                .formatted(time, bucket, bucket, quote(key), size, etag);
    }

    /** What S3 sends to the queue when a bucket's notifications are configured. */
    public static String testEvent(String bucket) {
        return """
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2024-01-01T00:00:00.000Z","Bucket":"%s",\
                "RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}"""
                .formatted(bucket);
    }

    /** S3 encodes keys as HTML forms do, leaving the slashes. */
    static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
