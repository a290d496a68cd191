package dev.pipit.scheduler.discovery;

import static java.util.Objects.requireNonNull;

import dev.pipit.spi.connector.BucketAddress;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A key pattern compiled once for a listing: {@code *} and {@code ?} within one {@code /}-separated segment,
 * {@code **} across segments, {@code {a,b}} alternatives and {@code [abc]} classes.
 *
 * <p>The semantics are java.nio's {@code glob:} {@link PathMatcher}, applied to the key as a path, so they are
 * documented and tested by the JDK rather than by a hand-written regex translation. One difference is added:
 * {@code a/**}{@code /*.csv} also matches {@code a/x.csv}, as users of S3 and GCS expect, where java.nio demands
 * at least one folder in between. That is done by also matching every variant of the pattern with some of its
 * {@code **}{@code /} removed.
 *
 * <p>A key ending in {@code /} never matches: on S3 and GCS it is a folder marker, not a file.
 */
public final class KeyGlob implements Predicate<String> {
    private static final String ANY_FOLDERS = "**/";

    private final String pattern;
    private final List<PathMatcher> matchers;

    private KeyGlob(String pattern, List<PathMatcher> matchers) {
        this.pattern = pattern;
        this.matchers = matchers;
    }

    /**
     * @throws java.util.regex.PatternSyntaxException if the pattern is malformed, such as an unclosed {@code [}
     */
    public static KeyGlob compile(String pattern) {
        requireNonNull(pattern, "pattern is null");
        if (literalPrefix(pattern).equals(pattern)) {
            return new KeyGlob(pattern, List.of());
        }
        List<PathMatcher> matchers = withoutAnyFolders(pattern).stream()
                .map(variant -> FileSystems.getDefault().getPathMatcher("glob:" + variant))
                .toList();
        return new KeyGlob(pattern, matchers);
    }

    /** The longest start of {@code pattern} without glob characters: the prefix a listing must cover. */
    public static String literalPrefix(String pattern) {
        return BucketAddress.literalPrefix(pattern);
    }

    @Override
    public boolean test(String key) {
        if (key.endsWith("/")) {
            return false;
        }
        if (matchers.isEmpty()) {
            // A pattern without glob characters names one key, compared as written, not as a normalized path.
            return key.equals(pattern);
        }
        Path path;
        try {
            path = Path.of(key);
        } catch (InvalidPathException e) {
            // Only possible for keys the local file system cannot name (a NUL character); they match nothing.
            return false;
        }
        return matchers.stream().anyMatch(matcher -> matcher.matches(path));
    }

    @Override
    public String toString() {
        return pattern;
    }

    /**
     * The pattern and each variant with any subset of its whole-segment {@code **}{@code /} removed; {@code a**}
     * {@code /} is left alone, because without it "a" would be glued to the next segment.
     */
    private static Set<String> withoutAnyFolders(String pattern) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int at = pattern.indexOf(ANY_FOLDERS); at >= 0; at = pattern.indexOf(ANY_FOLDERS, at + 1)) {
            if (at >= start && (at == 0 || pattern.charAt(at - 1) == '/')) {
                parts.add(pattern.substring(start, at));
                start = at + ANY_FOLDERS.length();
            }
        }
        parts.add(pattern.substring(start));
        Set<String> variants = new LinkedHashSet<>(List.of(parts.get(0)));
        for (String part : parts.subList(1, parts.size())) {
            Set<String> longer = new LinkedHashSet<>();
            for (String variant : variants) {
                longer.add(variant + ANY_FOLDERS + part);
                longer.add(variant + part);
            }
            variants = longer;
        }
        return variants;
    }
}
