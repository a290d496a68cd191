package dev.pipit.scheduler.run;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.discovery.BucketUri;
import dev.pipit.scheduler.ledger.DiscoveredFile;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Step 1 of a run: lists the bucket under the pattern's literal prefix and records every matching key the ledger
 * has not seen. Each page is recorded in its own transaction, so a crash mid-listing keeps what was found.
 */
final class Discovery {
    private final Jdbi jdbi;
    private final FileLedger ledger;
    private final int pageSize;

    Discovery(Jdbi jdbi, FileLedger ledger, int pageSize) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.pageSize = pageSize;
    }

    /**
     * @param fromTimestamp objects modified before it are skipped ({@code IMPORT_FROM_TIMESTAMP}), or {@code null}
     * @return how many keys were new
     */
    int discover(ObjectStore store, BucketUri bucketUri, String dataSource, Instant fromTimestamp) throws IOException {
        ListRequest request = new ListRequest(bucketUri.bucket(), bucketUri.literalPrefix(), null, pageSize);
        int newFiles = 0;
        while (true) {
            Listing page = store.list(request);
            List<DiscoveredFile> matching = new ArrayList<>();
            for (ObjectRef object : page.objects()) {
                if (bucketUri.matches(object.key())
                        && (fromTimestamp == null || !object.lastModified().isBefore(fromTimestamp))) {
                    matching.add(new DiscoveredFile(
                            bucketUri.objectUri(object.key()), object.size(), object.etag(), object.lastModified()));
                }
            }
            if (!matching.isEmpty()) {
                newFiles += jdbi.inTransaction(handle -> ledger.recordDiscovered(handle, dataSource, matching));
            }
            if (page.finished()) {
                return newFiles;
            }
            request = request.next(page.continuation());
        }
    }
}
