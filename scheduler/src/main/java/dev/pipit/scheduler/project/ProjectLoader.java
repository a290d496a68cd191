package dev.pipit.scheduler.project;

import static java.util.Objects.requireNonNull;

import dev.pipit.scheduler.plugin.PluginRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads a project folder into a {@link Project}. Datafiles are found anywhere below the root, as Tinybird projects
 * place them in {@code connections/}, {@code datasources/}, the root or folders of their own. Every problem is
 * collected; loading never stops at the first.
 */
public final class ProjectLoader {
    /** Folders that hold no datafiles: Pipit's own database, build output. Dot-folders are skipped as well. */
    private static final Set<String> SKIPPED_FOLDERS = Set.of("data", "target", "node_modules");

    private final PluginRegistry registry;
    private final ConnectionLoader connectionLoader;
    private final DataSourceLoader dataSourceLoader;
    private final PipeLoader pipeLoader;

    public ProjectLoader(PluginRegistry registry, SecretResolver secrets) {
        this.registry = requireNonNull(registry, "registry is null");
        requireNonNull(secrets, "secrets is null");
        this.connectionLoader = new ConnectionLoader(registry, secrets);
        this.dataSourceLoader = new DataSourceLoader(registry, secrets);
        this.pipeLoader = new PipeLoader(registry);
    }

    /**
     * Loads every {@code .connection}, {@code .datasource} and {@code .pipe} file below {@code root}. The project is
     * returned even with errors, so that a caller can show all of them; {@link Project#hasErrors()} says whether it
     * may run.
     */
    public Project load(Path root) {
        Path absoluteRoot = requireNonNull(root, "root is null").toAbsolutePath().normalize();
        List<Diagnostic> problems = new ArrayList<>();
        Map<String, ConnectionDef> connectionFiles = new TreeMap<>();
        Map<String, DataSourceDef> dataSources = new TreeMap<>();
        if (!Files.isDirectory(absoluteRoot)) {
            problems.add(Diagnostic.error(Location.ofFile(absoluteRoot.toString()),
                    "no project folder here: pass the folder that holds your datafiles, or --project DIR"));
            return new Project(absoluteRoot, Map.of(), Map.of(), problems);
        }
        List<Path> files = datafiles(absoluteRoot, problems);
        Map<String, String> claimedNames = new HashMap<>();
        for (Path file : files) {
            String relative = relative(absoluteRoot, file);
            if (relative.endsWith(".connection")) {
                String name = claim(relative, ".connection", claimedNames, problems);
                read(file, relative, problems)
                        .flatMap(datafile -> connectionLoader.load(name, datafile, problems))
                        .ifPresent(connection -> connectionFiles.put(name, connection));
            }
        }
        List<String> dataSourceNames = new ArrayList<>();
        for (Path file : files) {
            String relative = relative(absoluteRoot, file);
            if (relative.endsWith(".datasource")) {
                String name = claim(relative, ".datasource", claimedNames, problems);
                dataSourceNames.add(name);
                read(file, relative, problems)
                        .flatMap(datafile -> dataSourceLoader.load(name, datafile, connectionFiles, absoluteRoot, problems))
                        .ifPresent(dataSource -> dataSources.put(name, dataSource));
            }
        }
        checkQuarantineNames(files, absoluteRoot, dataSourceNames, problems);
        checkQueueConnections(dataSources, problems);
        Map<String, PipeDef> pipes = new TreeMap<>();
        for (Path file : files) {
            String relative = relative(absoluteRoot, file);
            if (relative.endsWith(".pipe")) {
                String name = claim(relative, ".pipe", claimedNames, problems);
                String dataSource = claimedNames.get(name.toLowerCase(Locale.ROOT) + ".datasource");
                if (dataSource != null) {
                    problems.add(Diagnostic.error(Location.ofFile(relative), "the name " + name + " is already taken "
                            + "by " + dataSource + ": a pipe's runs are recorded under its name, as a data source's "
                            + "are; rename one of the two files"));
                    continue;
                }
                read(file, relative, PipeLoader.NODE_KEYS, problems)
                        .flatMap(datafile -> pipeLoader.load(name, datafile, connectionFiles,
                                new java.util.TreeSet<>(dataSourceNames), absoluteRoot, problems))
                        .ifPresent(pipe -> pipes.put(name, pipe));
            }
        }
        Map<String, ConnectionDef> connections = new TreeMap<>();
        connectionFiles.forEach((name, connection) -> {
            if (registry.connector(connection.type()).isPresent()) {
                connections.put(name, connection);
            }
        });
        problems.sort(Comparator.comparing((Diagnostic diagnostic) -> diagnostic.location().file())
                .thenComparingInt(diagnostic -> diagnostic.location().line()));
        return new Project(absoluteRoot, connections, dataSources, pipes, problems);
    }

    /**
     * One queue, one connection: the daemon polls each queue once for every data source that names it, through one
     * connection's credentials, so data sources that name a queue through different connections are refused at the
     * later one's {@code IMPORT_NOTIFICATIONS} line.
     */
    private static void checkQueueConnections(Map<String, DataSourceDef> dataSources, List<Diagnostic> problems) {
        Map<String, DataSourceDef> firstByQueue = new HashMap<>();
        for (DataSourceDef dataSource : dataSources.values()) {
            ImportSpec spec = dataSource.importSpec().orElse(null);
            if (spec == null || !spec.hasNotifications()) {
                continue;
            }
            DataSourceDef first = firstByQueue.putIfAbsent(spec.notifications(), dataSource);
            String firstConnection = first == null ? null : first.importSpec().orElseThrow().connectionName();
            if (first != null && !firstConnection.equals(spec.connectionName())) {
                Setting setting = dataSource.settings().get(DataSourceKeys.IMPORT_NOTIFICATIONS);
                problems.add(Diagnostic.error(setting == null ? spec.location() : setting.location(),
                        "IMPORT_NOTIFICATIONS names a queue that data source " + first.name() + " reads through "
                                + "connection " + firstConnection + "; a queue is polled once, through one connection, "
                                + "so use " + firstConnection + " here too or give this data source a queue of its own"));
            }
        }
    }

    /** Every datafile below {@code root}, sorted by relative path; skipped folders left out. */
    static List<Path> datafiles(Path root, List<Diagnostic> problems) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean skipped = !dir.equals(root) && (name.startsWith(".") || SKIPPED_FOLDERS.contains(name));
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".connection") || name.endsWith(".datasource") || name.endsWith(".pipe")) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            problems.add(Diagnostic.error(Location.ofFile(root.toString()), "cannot list the project: " + e.getMessage()));
        }
        files.sort(Comparator.comparing(file -> relative(root, file)));
        return files;
    }

    /**
     * The file's name without its extension. Names are claimed case-insensitively across connections and data
     * sources: the database folds case, and two files must not stand for one table.
     */
    private static String claim(String relative, String extension, Map<String, String> claimed, List<Diagnostic> problems) {
        String fileName = relative.substring(relative.lastIndexOf('/') + 1);
        String name = fileName.substring(0, fileName.length() - extension.length());
        String earlier = claimed.putIfAbsent(name.toLowerCase(Locale.ROOT) + extension, relative);
        if (earlier != null) {
            problems.add(Diagnostic.error(Location.ofFile(relative), "the name " + name + " is already taken by "
                    + earlier + " (names are compared ignoring case); rename one of the two files"));
        }
        return name;
    }

    private static Optional<Datafile> read(Path file, String relative, List<Diagnostic> problems) {
        return read(file, relative, Set.of(), problems);
    }

    private static Optional<Datafile> read(Path file, String relative, Set<String> repeatable,
            List<Diagnostic> problems) {
        try {
            // A strict decoder: a lenient one would turn bad bytes into characters nobody wrote.
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            return Optional.of(DatafileParser.parse(relative, text, problems, repeatable));
        } catch (CharacterCodingException e) {
            problems.add(Diagnostic.error(Location.ofFile(relative), "not UTF-8 text: save the file as UTF-8"));
        } catch (IOException e) {
            problems.add(Diagnostic.error(Location.ofFile(relative), "cannot read the file: " + e.getMessage()));
        }
        return Optional.empty();
    }

    /** Pipit writes rows that do not fit X into X_quarantine, so a data source of that name would collide. */
    private static void checkQuarantineNames(List<Path> files, Path root, List<String> names, List<Diagnostic> problems) {
        Set<String> lowerNames = new HashSet<>();
        names.forEach(name -> lowerNames.add(name.toLowerCase(Locale.ROOT)));
        for (Path file : files) {
            String relative = relative(root, file);
            String fileName = file.getFileName().toString();
            if (!fileName.endsWith(".datasource")) {
                continue;
            }
            String name = fileName.substring(0, fileName.length() - ".datasource".length()).toLowerCase(Locale.ROOT);
            if (name.endsWith("_quarantine") && lowerNames.contains(name.substring(0, name.length() - "_quarantine".length()))) {
                problems.add(Diagnostic.error(Location.ofFile(relative), "a data source may not be named X_quarantine "
                        + "when X is a data source: Pipit keeps the rows that do not fit X in that table; rename it"));
            }
        }
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
