package dev.pipit.spi.connector;

/**
 * The optional {@link ObjectStore} operations beyond listing and reading, as a connector declares them in
 * {@link ConnectorFactory#storeOperations()}: the core refuses, when a project is checked, a data source that would
 * need one its connection's store lacks, rather than fail after its files are imported.
 */
public enum StoreOperation {
    /** {@link ObjectStore#delete}: {@code IMPORT_AFTER_IMPORT delete}, and the second half of a move. */
    DELETE,
    /** {@link ObjectStore#copy}, a copy inside the bucket that leaves the bytes on the server: a move's first half. */
    COPY
}
