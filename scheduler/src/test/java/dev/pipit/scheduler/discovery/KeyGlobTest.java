package dev.pipit.scheduler.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyGlobTest {
    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // pattern                   | key                              | matches
        "*.csv                       | a.csv                            | true",
        "*.csv                       | dir/a.csv                        | false",
        "*.csv                       | a.csv.gz                         | false",
        "*.csv*                      | a.csv.gz                         | true",
        "orders/*.csv                | orders/2024 05 01 (copy).csv     | true",
        "orders/*.csv                | orders/sub/x.csv                 | false",
        "orders/*/*.csv              | orders/sub/x.csv                 | true",
        "orders/*/*.csv              | orders/x.csv                     | false",
        "a/**/*.csv                  | a/x.csv                          | true",
        "a/**/*.csv                  | a/b/x.csv                        | true",
        "a/**/*.csv                  | a/b/c/d/x.csv                    | true",
        "a/**/*.csv                  | b/x.csv                          | false",
        "**/*.csv                    | x.csv                            | true",
        "**/*.csv                    | deep/er/x.csv                    | true",
        "a/**/b/**/*.csv             | a/b/x.csv                        | true",
        "a/**/b/**/*.csv             | a/1/b/2/x.csv                    | true",
        "a/**/b/**/*.csv             | a/1/c/2/x.csv                    | false",
        "a/**                        | a/x/y.csv                        | true",
        "x**/y.csv                   | xz/y.csv                         | true",
        "x**/y.csv                   | xy.csv                           | false",
        "day-?.csv                   | day-1.csv                        | true",
        "day-?.csv                   | day-10.csv                       | false",
        "day-[0-3][0-9].csv          | day-31.csv                       | true",
        "day-[0-3][0-9].csv          | day-41.csv                       | false",
        "day-[!0].csv                | day-1.csv                        | true",
        "{eu,us}/*.csv               | eu/x.csv                         | true",
        "{eu,us}/*.csv               | us/x.csv                         | true",
        "{eu,us}/*.csv               | ap/x.csv                         | false",
        "*.{csv,tsv}                 | x.tsv                            | true",
        "données/été */*.csv         | données/été 2024/ünï.csv         | true",
        "日本/*.csv                   | 日本/データ.csv                    | true",
        "exact/key.csv               | exact/key.csv                    | true",
        "exact/key.csv               | exact/key.csv.bak                | false",
        "exact//key.csv              | exact/key.csv                    | false",
        "exact//key.csv              | exact//key.csv                   | true",
        "in/*                        | in/folder/                       | false",
        "in/**                       | in/folder/                       | false",
        "CASE.csv                    | case.csv                         | false",
        "*.CSV                       | x.csv                            | false",
    })
    void matchesKeys(String pattern, String key, boolean matches) {
        assertThat(KeyGlob.compile(pattern).test(key)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "orders/*.csv            | orders/",
        "orders/2024-??.csv      | orders/2024-",
        "orders/[ab].csv         | orders/",
        "orders/{a,b}.csv        | orders/",
        "orders/x\\*.csv         | orders/x",
        "orders/plain.csv        | orders/plain.csv",
        "**/*.csv                | ''",
    })
    void computesTheLiteralPrefix(String pattern, String prefix) {
        assertThat(KeyGlob.literalPrefix(pattern)).isEqualTo(prefix);
    }
}
