package dev.pipit.scheduler.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BucketUriTest {
    private static final Path PROJECT = Path.of("/work/project");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // uri                                   | scheme | bucket                    | key pattern          | literal prefix
        "s3://bkt/orders/*.csv                   | s3     | bkt                       | orders/*.csv         | orders/",
        "S3://bkt/orders/2024-*.csv              | s3     | bkt                       | orders/2024-*.csv    | orders/2024-",
        "gs://my-bucket/a/**/*.ndjson            | gs     | my-bucket                 | a/**/*.ndjson        | a/",
        "s3://bkt/exact/key.csv                  | s3     | bkt                       | exact/key.csv        | exact/key.csv",
        "s3://bkt/{eu,us}/x.csv                  | s3     | bkt                       | {eu,us}/x.csv        | ''",
        "s3://bkt/in/day-?[0-9].csv              | s3     | bkt                       | in/day-?[0-9].csv    | in/day-",
        "s3://bkt/my folder/café *.csv           | s3     | bkt                       | my folder/café *.csv | 'my folder/café '",
        "file:///srv/inbox/*.csv                 | file   | /srv/inbox                | *.csv                | ''",
        "file:///srv/inbox/2024-*/day.csv        | file   | /srv/inbox                | 2024-*/day.csv       | 2024-",
        "file:///srv/inbox/**/*.csv              | file   | /srv/inbox                | **/*.csv             | ''",
        "file:///srv/inbox/one.csv               | file   | /srv/inbox                | one.csv              | one.csv",
        "file:///top.csv                         | file   | /                         | top.csv              | top.csv",
        "file://./inbox/*.csv                    | file   | /work/project/inbox       | *.csv                | ''",
        "file://inbox/*.csv                      | file   | /work/project/inbox       | *.csv                | ''",
        "file://inbox/sub/../other/*.csv         | file   | /work/project/inbox/other | *.csv                | ''",
        "file://*.csv                            | file   | /work/project             | *.csv                | ''",
        "file://data-*/x.csv                     | file   | /work/project             | data-*/x.csv         | data-",
    })
    void parses(String uri, String scheme, String bucket, String keyPattern, String literalPrefix) {
        BucketUri parsed = BucketUri.parse(uri, PROJECT);

        assertThat(parsed).isEqualTo(new BucketUri(scheme, bucket, keyPattern));
        assertThat(parsed.literalPrefix()).isEqualTo(literalPrefix);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bkt/orders/*.csv      | has no scheme: write s3://bucket/prefix/*.csv",
        "/srv/inbox/*.csv      | has no scheme: write s3://bucket/prefix/*.csv",
        "https://bkt/x.csv     | unknown scheme https: write s3://bucket/prefix/*.csv",
        "s3://                 | the bucket is empty: write s3://bucket/prefix/*.csv",
        "s3:///orders/*.csv    | the bucket is empty",
        "s3://bkt              | write s3://bkt/*.csv to import every CSV file in it",
        "s3://bkt-*/x.csv      | bucket bkt-* holds a wildcard",
        "file://               | names no files",
        "file:///srv/inbox/    | names no files",
        "s3://bkt/[a-.csv      | invalid key pattern [a-.csv",
    })
    void rejectsWithWhatToWriteInstead(String uri, String message) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BucketUri.parse(uri, PROJECT))
                .withMessageContaining(message);
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource(delimiter = '|', value = {
        "s3://bkt/orders/*.csv         | orders/2024 05 01.csv | s3://bkt/orders/2024 05 01.csv",
        "gs://bkt/*.csv                | 日本/データ.csv       | gs://bkt/日本/データ.csv",
        "file:///srv/inbox/*.csv       | a/b.csv               | file:///srv/inbox/a/b.csv",
        "file:///top.csv               | top.csv               | file:///top.csv",
        "file://./inbox/*.csv          | x.csv                 | file:///work/project/inbox/x.csv",
    })
    void namesObjects(String uri, String key, String objectUri) {
        assertThat(BucketUri.parse(uri, PROJECT).objectUri(key)).isEqualTo(objectUri);
    }

    @Test
    void matchesThroughItsKeyPattern() {
        BucketUri uri = BucketUri.parse("s3://bkt/in/**/*.csv", PROJECT);

        assertThat(uri.matches("in/x.csv")).isTrue();
        assertThat(uri.matches("in/a/b/x.csv")).isTrue();
        assertThat(uri.matches("out/x.csv")).isFalse();
        assertThat(uri.glob().test("in/a/x.csv")).isTrue();
    }

    @Test
    void printsAsWritten() {
        assertThat(BucketUri.parse("s3://bkt/orders/*.csv", PROJECT)).hasToString("s3://bkt/orders/*.csv");
    }
}
