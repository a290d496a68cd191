package dev.pipit.scheduler.run;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.catalog.InvalidValueException;
import dev.pipit.scheduler.db.Database;
import dev.pipit.scheduler.discovery.KeyGlob;
import dev.pipit.scheduler.history.SchemaChanges;
import dev.pipit.scheduler.ledger.FileLedger;
import dev.pipit.scheduler.ledger.FileStatus;
import dev.pipit.scheduler.ledger.LedgerFile;
import dev.pipit.scheduler.load.ColumnMapping;
import dev.pipit.scheduler.load.InferredColumns;
import dev.pipit.scheduler.load.RowConversion;
import dev.pipit.scheduler.plugin.PluginRegistry;
import dev.pipit.scheduler.project.ColumnDef;
import dev.pipit.scheduler.project.DataSourceDef;
import dev.pipit.scheduler.project.ImportSpec;
import dev.pipit.scheduler.project.Location;
import dev.pipit.spi.connector.BucketAddress;
import dev.pipit.spi.connector.ListRequest;
import dev.pipit.spi.connector.Listing;
import dev.pipit.spi.connector.ObjectRef;
import dev.pipit.spi.connector.ObjectStore;
import dev.pipit.spi.format.FormatReader;
import dev.pipit.spi.format.SourceRow;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What importing one file would store, computed without storing it: the file is read through the import's own
 * format resolver and its records go through the import's own {@link RowConversion}, with the columns the import
 * would use, but no writer is ever opened. The database is only read (the ledger, to find the next file, and the
 * schema log, for an inferred schema), so a preview cannot change a table, the ledger or the history: there is no
 * code path here that issues DDL or an INSERT, rather than one that writes and rolls back.
 */
public final class FilePreview {
    private static final int LIST_PAGE = 1000;
    private static final Comparator<ObjectRef> IMPORT_ORDER = Comparator.comparing(ObjectRef::lastModified)
            .thenComparing(ObjectRef::key);

    private final Database database;
    private final PluginRegistry plugins;

    /**
     * @param database the database to read the ledger and the schema log from, or {@code null} when there is none
     *     yet (a project never run): then no file is known and no schema inferred
     */
    public FilePreview(Database database, PluginRegistry plugins) {
        this.database = database;
        this.plugins = requireNonNull(plugins, "plugins is null");
    }

    /**
     * One record that would go to quarantine.
     *
     * @param line where it starts in the file
     * @param source each column's source value, as the quarantine keeps them
     * @param errors one per column that does not fit, or one for the whole record
     */
    public record Quarantined(long line, List<Object> source, List<InvalidValueException> errors) {}

    /**
     * What the preview found.
     *
     * @param objectUri the file read
     * @param pending whether it came from the ledger's pending files (else a key no run has discovered yet, or
     *     the one asked for)
     * @param columns the columns the import would write
     * @param schemaSource {@code SCHEMA}, {@code inferred} (from earlier imports), or {@code this file} (the
     *     file would be the schema reference)
     * @param rows the first rows as they would be stored, each in column order
     * @param quarantined the first records that would go to quarantine
     * @param records records read
     * @param storedRows of them, how many would be stored
     * @param quarantinedRows of them, how many would be quarantined
     * @param complete whether the whole file was read
     */
    public record Result(String objectUri, boolean pending, List<ColumnDef> columns, String schemaSource,
            List<List<Object>> rows, List<Quarantined> quarantined, long records, long storedRows,
            long quarantinedRows, boolean complete) {}

    /**
     * Previews the next file a run of the data source would import, or {@code key}.
     *
     * @param key an object URI or a key in the bucket, or {@code null} for the next file a run would take
     * @param limit how many rows and how many quarantined records to keep
     * @param maxRecords how many records to read at most
     * @throws FileNotFoundException when there is no such key, or no file left to import
     */
    public Result preview(DataSourceDef dataSource, ObjectStore store, String key, int limit, long maxRecords)
            throws IOException {
        ImportSpec spec = dataSource.importSpec().orElseThrow(() -> new IllegalArgumentException(
                "data source " + dataSource.name() + " is not imported from files"));
        BucketAddress address = spec.address();
        Choice choice = key != null ? new Choice(named(store, address, key), false)
                : next(store, dataSource.name(), spec);
        ObjectRef object = choice.object();
        String objectUri = address.objectUri(object.key());
        FileFormatResolver formats = new FileFormatResolver(plugins, spec.format());
        List<ColumnDef> columns = dataSource.schema();
        String schemaSource = "SCHEMA";
        if (columns.isEmpty()) {
            List<ColumnDef> current = database == null ? List.of() : database.jdbi().withHandle(handle ->
                    new InferredColumns(new SchemaChanges(database.jdbi())).read(handle, dataSource));
            columns = withNewFields(formats, store, object, objectUri, dataSource, current);
            schemaSource = current.isEmpty() ? "this file" : "inferred";
        }
        return convert(formats, store, object, objectUri, columns, limit, maxRecords, choice.pending(),
                schemaSource);
    }

    /** The columns the import's schema evolution would end up with for this file, without its DDL. */
    private static List<ColumnDef> withNewFields(FileFormatResolver formats, ObjectStore store, ObjectRef object,
            String objectUri, DataSourceDef dataSource, List<ColumnDef> current) throws IOException {
        FileSample sample;
        try (FormatReader reader = formats.open(store, object, objectUri,
                current.stream().map(ColumnDef::name).toList())) {
            sample = FileSample.read(reader, FileSample.MAX_RECORDS);
        }
        if (current.isEmpty() && sample.records() == 0 && !sample.declared()) {
            throw new UnreadableFileException(objectUri + " has no readable records to infer the schema of "
                    + dataSource.name() + " from; an import would fail it and try the next file");
        }
        List<ColumnDef> columns = new ArrayList<>(current);
        sample.columns(current, !current.isEmpty(), Location.ofFile(dataSource.file()), field -> { }).stream()
                .map(FileSample.Inferred::column)
                .forEach(columns::add);
        return columns;
    }

    private static Result convert(FileFormatResolver formats, ObjectStore store, ObjectRef object, String objectUri,
            List<ColumnDef> columns, int limit, long maxRecords, boolean pending, String schemaSource)
            throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        List<Quarantined> quarantined = new ArrayList<>();
        long records = 0;
        long stored = 0;
        boolean complete;
        List<String> names = columns.stream().map(ColumnDef::name).toList();
        try (FormatReader reader = formats.open(store, object, objectUri, names, ColumnMapping.neededFields(columns))) {
            RowConversion conversion = RowConversion.of(columns, reader);
            SourceRow record = null;
            while (records < maxRecords && (record = reader.read()) != null) {
                records++;
                RowConversion.Converted row = conversion.convert(record);
                if (row.errors() == null) {
                    stored++;
                    if (rows.size() < limit) {
                        rows.add(Arrays.asList(row.values()));
                    }
                } else if (quarantined.size() < limit) {
                    quarantined.add(new Quarantined(record.line(), Arrays.asList(row.source()), row.errors()));
                }
            }
            complete = records < maxRecords || reader.read() == null;
        }
        return new Result(objectUri, pending, columns, schemaSource, rows, quarantined, records, stored,
                records - stored, complete);
    }

    private record Choice(ObjectRef object, boolean pending) {}

    /**
     * The file a run would import first: the oldest of the ledger's pending files and of the matching keys it has
     * not discovered yet, in the ledger's import order (last modification, then key).
     */
    private Choice next(ObjectStore store, String dataSource, ImportSpec spec) throws IOException {
        BucketAddress address = spec.address();
        List<LedgerFile> known = database == null ? List.of()
                : new FileLedger(database.jdbi()).list(dataSource, null, 0);
        Set<String> knownKeys = known.stream()
                .filter(file -> file.bucket().equals(address.bucket()))
                .map(LedgerFile::objectKey)
                .collect(Collectors.toSet());
        ObjectRef oldestPending = known.stream()
                .filter(file -> file.status() == FileStatus.PENDING)
                .findFirst()
                .map(file -> FileImporter.objectOf(file, address, spec.bucketUri()))
                .orElse(null);
        ObjectRef oldestNew = null;
        KeyGlob glob = KeyGlob.compile(address.keyPattern());
        ListRequest request = ListRequest.firstPage(address.bucket(), address.literalPrefix(), LIST_PAGE);
        while (true) {
            Listing page = store.list(request);
            for (ObjectRef object : page.objects()) {
                boolean wanted = glob.test(object.key()) && !knownKeys.contains(object.key())
                        && (spec.fromTimestamp() == null || !object.lastModified().isBefore(spec.fromTimestamp()));
                if (wanted && (oldestNew == null || IMPORT_ORDER.compare(object, oldestNew) < 0)) {
                    oldestNew = object;
                }
            }
            if (page.finished()) {
                break;
            }
            request = request.next(page.continuation());
        }
        if (oldestPending == null && oldestNew == null) {
            throw new FileNotFoundException("no file of " + spec.bucketUri() + " is left to import: every matching "
                    + "key is in the ledger as imported or failed; name one with --key");
        }
        boolean pendingFirst = oldestNew == null
                || oldestPending != null && IMPORT_ORDER.compare(oldestPending, oldestNew) <= 0;
        return pendingFirst ? new Choice(oldestPending, true) : new Choice(oldestNew, false);
    }

    /**
     * The object a person named: its URI, its key in the bucket, or its key under the folder the pattern reads
     * ({@code a.csv} for {@code s3://bkt/in/*.csv}, and for a local folder, whose keys are absolute paths).
     */
    private static ObjectRef named(ObjectStore store, BucketAddress address, String key) throws IOException {
        String base = address.objectUri("");
        String bucketKey = key.startsWith(base) ? key.substring(base.length()) : key;
        String prefix = address.literalPrefix();
        String folder = prefix.substring(0, prefix.lastIndexOf('/') + 1);
        for (String candidate : new LinkedHashSet<>(List.of(bucketKey, folder + bucketKey))) {
            Listing page = store.list(ListRequest.firstPage(address.bucket(), candidate, LIST_PAGE));
            Optional<ObjectRef> found = page.objects().stream()
                    .filter(object -> object.key().equals(candidate))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
        }
        boolean underFolder = folder.isEmpty() || bucketKey.startsWith(folder);
        throw new FileNotFoundException("no object " + address.objectUri(bucketKey)
                + (underFolder ? "" : " or " + address.objectUri(folder + bucketKey)));
    }
}
