package dev.pipit.scheduler.cli.datasource;

import dev.pipit.scheduler.discovery.KeyGlob;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Comparator;

/**
 * The object a pattern stands for when a person asks what it holds: its newest match, since the newest file is
 * the likeliest to look like the files still to come. Lists at most {@link #MAX_PAGES} pages, so a huge bucket
 * answers in seconds; the count says when it stopped early.
 *
 * @param object the newest matching object
 * @param matches how many objects matched in the pages listed
 * @param complete whether the listing reached its end
 */
record NewestMatch(ObjectRef object, int matches, boolean complete) {
    static final int MAX_PAGES = 20;
    private static final int PAGE_SIZE = 1000;
    private static final Comparator<ObjectRef> NEWEST = Comparator.comparing(ObjectRef::lastModified)
            .thenComparing(ObjectRef::key);

    /** @throws FileNotFoundException naming the URI when nothing matches it */
    static NewestMatch find(ObjectStore store, BucketAddress address) throws IOException {
        KeyGlob glob = KeyGlob.compile(address.keyPattern());
        ListRequest request = ListRequest.firstPage(address.bucket(), address.literalPrefix(), PAGE_SIZE);
        ObjectRef newest = null;
        int matches = 0;
        for (int page = 1; ; page++) {
            Listing listing = store.list(request);
            for (ObjectRef object : listing.objects()) {
                if (glob.test(object.key())) {
                    matches++;
                    newest = newest == null || NEWEST.compare(object, newest) > 0 ? object : newest;
                }
            }
            if (listing.finished() || page == MAX_PAGES) {
                if (newest == null) {
                    throw new FileNotFoundException("no object matches " + address
                            + (listing.finished() ? "" : " in its first " + page * PAGE_SIZE + " keys"));
                }
                return new NewestMatch(newest, matches, listing.finished());
            }
            request = request.next(listing.continuation());
        }
    }
}
