package dev.pipit.scheduler.run;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.discovery.KeyGlob;
import dev.pipit.scheduler.ledger.DiscoveredFile;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.project.ImportSpec;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Step 1 of a run: lists the bucket under the pattern's literal prefix and records every matching key the ledger
 * has not seen. Each page is recorded in its own transaction, so a crash mid-listing keeps what was found.
 *
 * <p>A key the ledger already holds is left alone, whatever its status, even when its ETag changed: imports
 * append, so a rewritten object is not imported again. The change is logged once per discovery, so an operator
 * can re-land the data under a new key if the rewrite mattered. With {@code IMPORT_ON_OVERWRITE import}, an
 * imported key whose ETag changed is queued again as a new generation instead.
 */
final class Discovery {

    private final Jdbi jdbi;
    private final FileLedger ledger;
    private final DiscoveryRecorder recorder;
    private final int pageSize;

    Discovery(Jdbi jdbi, FileLedger ledger, int pageSize) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.recorder = new DiscoveryRecorder(ledger);
        this.pageSize = pageSize;
    }

    /** @return how many keys were new */
    int discover(ObjectStore store, String dataSource, ImportSpec spec) throws IOException {
        BucketAddress address = spec.address();
        ListRequest request = new ListRequest(address.bucket(), address.literalPrefix(), null, pageSize,
                spec.listAfterLastKey() ? startAfter(address, dataSource) : null);
        KeyGlob glob = KeyGlob.compile(address.keyPattern());
        int newFiles = 0;
        List<String> changed = new ArrayList<>();
        while (true) {
            Listing page = store.list(request);
            List<DiscoveredFile> matching = new ArrayList<>();
            for (ObjectRef object : page.objects()) {
                DiscoveryRecorder.match(spec, glob, object).ifPresent(matching::add);
            }
            if (!matching.isEmpty()) {
                newFiles += jdbi.inTransaction(handle -> recorder.record(handle, dataSource, spec, matching, changed));
            }
            if (page.finished()) {
                DiscoveryRecorder.warnChanged(dataSource, changed);
                return newFiles;
            }
            request = request.next(page.continuation());
        }
    }

    /** The greatest key the ledger holds in the bucket under the listed prefix, or {@code null} for none. */
    private String startAfter(BucketAddress address, String dataSource) {
        return jdbi.withHandle(handle -> ledger.lastKey(handle, dataSource, address.bucket(), address.literalPrefix()));
    }
}
