package dev.pipit.scheduler.run;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ObjectStore;

/** What every file of one run shares. */
record FileImportContext(
        long runId,
        DataSourceDef dataSource,
        ObjectStore store,
        BucketAddress address,
        FileFormatResolver formats,
        RunListener listener) {
    FileImportContext {
        requireNonNull(dataSource, "dataSource is null");
        requireNonNull(store, "store is null");
        requireNonNull(address, "address is null");
        requireNonNull(formats, "formats is null");
        requireNonNull(listener, "listener is null");
    }
}
