package dev.pipit.spi.connector;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One page of a bucket listing.
 *
 * @param objects the objects of this page, in ascending key order; an empty page does not mean the listing is
 *     finished
 * @param continuation an opaque token for {@link ListRequest#next(String)}, or {@code null} when this is the last page
 */
public record Listing(List<ObjectRef> objects, String continuation) {
    public Listing {
        objects = List.copyOf(requireNonNull(objects, "objects is null"));
    }

    public boolean finished() {
        return continuation == null;
    }
}
