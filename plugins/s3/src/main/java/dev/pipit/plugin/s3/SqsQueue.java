package dev.pipit.plugin.s3;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQS queue an {@code IMPORT_NOTIFICATIONS} value names: its URL as the SQS console shows it
 * ({@code https://sqs.eu-west-1.amazonaws.com/123456789012/landing-events}, or any SQS-compatible server's), or the
 * short form {@code sqs://123456789012/landing-events}, which lies in the connection's {@code S3_REGION}.
 *
 * @param written the value in its canonical form: the URL without a trailing slash, or the short form lower-cased
 *     in its scheme
 * @param url the queue's URL, or {@code null} for the short form until the region is known
 * @param account the account id (the URL path's first segment)
 * @param name the queue's name
 */
record SqsQueue(String written, URI url, String account, String name) {
    private static final Pattern SHORT = Pattern.compile("(?i)sqs://([0-9]{12})/([A-Za-z0-9_-]{1,75}(?:\\.fifo)?)/?");
    private static final Pattern PATH = Pattern.compile("/([^/]+)/([A-Za-z0-9_-]{1,75}(?:\\.fifo)?)/?");
    private static final Pattern AWS_HOST = Pattern.compile("sqs\\.([a-z0-9-]+)\\.amazonaws\\.com(\\.cn)?");
    static final String EXPECTED = "an SQS queue URL such as https://sqs.eu-west-1.amazonaws.com/123456789012/"
            + "landing-events, or sqs://ACCOUNT_ID/QUEUE_NAME for a queue in the connection's S3_REGION";

    SqsQueue {
        requireNonNull(written, "written is null");
        requireNonNull(account, "account is null");
        requireNonNull(name, "name is null");
    }

    /** @throws IllegalArgumentException saying what to write instead */
    static SqsQueue parse(String value) {
        String text = value.strip();
        Matcher shortForm = SHORT.matcher(text);
        if (shortForm.matches()) {
            return new SqsQueue("sqs://" + shortForm.group(1) + "/" + shortForm.group(2), null, shortForm.group(1),
                    shortForm.group(2));
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("IMPORT_NOTIFICATIONS must be " + EXPECTED);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        Matcher path = PATH.matcher(url.getRawPath() == null ? "" : url.getRawPath());
        if (!(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null || url.getQuery() != null
                || url.getUserInfo() != null || !path.matches()) {
            throw new IllegalArgumentException("IMPORT_NOTIFICATIONS must be " + EXPECTED);
        }
        String canonical = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        return new SqsQueue(canonical, URI.create(canonical), path.group(1), path.group(2));
    }

    /** The queue's URL; a short form's lies in the connection's region. */
    URI url(String connectionRegion) {
        return url != null ? url
                : URI.create("https://sqs." + connectionRegion + ".amazonaws.com/" + account + "/" + name);
    }

    /** Where requests go: the server that the URL names. */
    URI endpoint(String connectionRegion) {
        URI queueUrl = url(connectionRegion);
        return URI.create(queueUrl.getScheme() + "://" + queueUrl.getRawAuthority());
    }

    /** The region in an AWS queue URL's host; the connection's for the short form and other servers. */
    String region(String connectionRegion) {
        if (url == null) {
            return connectionRegion;
        }
        Matcher host = AWS_HOST.matcher(url.getHost().toLowerCase(Locale.ROOT));
        return host.matches() ? host.group(1) : connectionRegion;
    }

    /** The queue's ARN, for the policies {@code connection create} prints. */
    String arn(String connectionRegion) {
        return "arn:aws:sqs:" + region(connectionRegion) + ":" + account + ":" + name;
    }
}
