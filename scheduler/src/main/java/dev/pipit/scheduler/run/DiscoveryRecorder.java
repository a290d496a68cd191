package dev.pipit.scheduler.run;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.discovery.KeyGlob;
import dev.pipit.scheduler.ledger.DiscoveredFile;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.project.ImportSpec;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ObjectRef;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a listing and a bucket event share: which objects a data source takes (its bucket, its key pattern,
 * {@code IMPORT_FROM_TIMESTAMP}) and how they enter the ledger, so that an event records exactly what a listing
 * would have found, and whichever comes second changes nothing.
 */
public final class DiscoveryRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryRecorder.class);
    private static final int SHOWN_CHANGED_KEYS = 5;

    private final FileLedger ledger;

    public DiscoveryRecorder(FileLedger ledger) {
        this.ledger = requireNonNull(ledger, "ledger is null");
    }

    /** The ledger's view of {@code object}, or empty when the data source does not take it. */
    public static Optional<DiscoveredFile> match(ImportSpec spec, KeyGlob glob, ObjectRef object) {
        BucketAddress address = spec.address();
        if (!address.bucket().equals(object.bucket()) || !glob.test(object.key())
                || (spec.fromTimestamp() != null && object.lastModified().isBefore(spec.fromTimestamp()))) {
            return Optional.empty();
        }
        return Optional.of(new DiscoveredFile(address.bucket(), object.key(), address.objectUri(object.key()),
                object.size(), object.etag(), object.lastModified()));
    }

    /**
     * Records matching files in the caller's transaction: new keys as pending, and with {@code IMPORT_ON_OVERWRITE
     * import} each imported key's new version; {@code changed} gets the URIs of keys whose ETag changed without
     * being queued again.
     *
     * @return how many files were queued
     */
    public int record(Handle handle, String dataSource, ImportSpec spec, List<DiscoveredFile> matching,
            List<String> changed) {
        if (matching.isEmpty()) {
            return 0;
        }
        if (spec.importOverwrites()) {
            List<String> versions = ledger.queueNewVersions(handle, dataSource, matching);
            versions.forEach(uri -> LOG.info("{}: {} was overwritten after its import; its new version "
                    + "is imported too (IMPORT_ON_OVERWRITE import)", dataSource, uri));
            return versions.size() + ledger.recordDiscovered(handle, dataSource, matching);
        }
        changed.addAll(ledger.changedEtags(handle, dataSource, spec.address().bucket(), matching));
        return ledger.recordDiscovered(handle, dataSource, matching);
    }

    /** Logs, once per discovery, the keys whose ETag changed and that are not imported again. */
    public static void warnChanged(String dataSource, List<String> changed) {
        if (changed.isEmpty()) {
            return;
        }
        String shown = String.join(", ", changed.subList(0, Math.min(SHOWN_CHANGED_KEYS, changed.size())));
        LOG.warn("{}: {} files changed (new ETag) after they were discovered and are not imported again, since "
                + "imports only append: {}{}", dataSource, changed.size(), shown,
                changed.size() > SHOWN_CHANGED_KEYS ? ", ..." : "");
    }
}
