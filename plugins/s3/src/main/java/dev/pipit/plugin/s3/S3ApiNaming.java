package dev.pipit.plugin.s3;

import static java.util.Objects.requireNonNull;

/**
 * How a store reached through the S3 API names itself and its credentials in error messages, so that a message
 * speaks the user's words: {@code s3://} and {@code S3_SECRET} for Amazon S3, {@code gs://} and
 * {@code GCS_HMAC_SECRET} for Google Cloud Storage read through its S3-compatible XML API.
 *
 * @param scheme the URI scheme of the store's objects in messages, as in {@code IMPORT_BUCKET_URI}
 * @param service the service's name: "S3 answered ...", "cannot reach S3 ..."
 * @param credentialsHint what to check when the store refuses the credentials
 */
public record S3ApiNaming(String scheme, String service, String credentialsHint) {
    /** Amazon S3 and S3-compatible stores, as {@code TYPE s3} and {@code s3_iamrole} connections name them. */
    public static final S3ApiNaming S3 = new S3ApiNaming("s3", "S3", "S3_ACCESS_KEY / S3_SECRET or the role's policy");

    public S3ApiNaming {
        requireNonNull(scheme, "scheme is null");
        requireNonNull(service, "service is null");
        requireNonNull(credentialsHint, "credentialsHint is null");
    }
}
