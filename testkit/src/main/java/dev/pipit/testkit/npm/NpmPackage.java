package dev.pipit.testkit.npm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A test server from npm (the Firebase Storage emulator, Azurite), installed once into a cache folder that outlives
 * {@code mvn clean}, so only the first build on a machine pays for the download. Every module's tests, and builds
 * of several checkouts at once, share it: a file lock lets one install while the others wait.
 *
 * <p>The cache is {@code ~/.cache/pipit-test} unless the system property {@code pipit.test.cache} names another
 * folder. Callers pin exact versions: a start script may use a package's internal modules.
 */
public final class NpmPackage {
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private NpmPackage() {}

    /**
     * The folder whose {@code node_modules} holds {@code name@version}, installed on first use.
     *
     * @param name the package's name, such as {@code firebase-tools}
     * @param version its exact version
     */
    public static synchronized Path ensureInstalled(String name, String version) {
        String spec = name + "@" + version;
        Path cache = Path.of(System.getProperty("pipit.test.cache",
                Path.of(System.getProperty("user.home"), ".cache", "pipit-test").toString()));
        Path installed = cache.resolve(name + "-" + version);
        try {
            Files.createDirectories(cache);
            try (FileChannel lockFile = FileChannel.open(cache.resolve(name + "-" + version + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                if (!Files.isDirectory(installed.resolve("node_modules").resolve(name))) {
                    install(spec, cache, installed);
                }
            }
            return installed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + spec + " into " + cache, e);
        }
    }

    /** Installs beside the final folder and renames it, so a killed install never looks complete. */
    private static void install(String spec, Path cache, Path installed) throws IOException {
        Path staging = cache.resolve(installed.getFileName() + ".staging-" + UUID.randomUUID());
        Files.createDirectories(staging);
        Path log = staging.resolve("npm-install.log");
        // Without --omit=optional npm compiles native modules for minutes; none of the test servers needs them.
        Process npm;
        try {
            npm = new ProcessBuilder(List.of("npm", "install", "--omit=optional", "--no-audit", "--no-fund",
                    "--prefix", staging.toString(), spec))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IOException("cannot run npm: the tests that start " + spec + " need Node.js and npm on the PATH",
                    e);
        }
        try {
            if (!npm.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                npm.destroyForcibly();
                throw new IOException("npm install " + spec + " took longer than " + INSTALL_TIMEOUT + "; see " + log);
            }
        } catch (InterruptedException e) {
            npm.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while installing " + spec, e);
        }
        if (npm.exitValue() != 0) {
            throw new IOException("npm install " + spec + " failed with exit code " + npm.exitValue() + ":\n"
                    + Files.readString(log));
        }
        Files.move(staging, installed, StandardCopyOption.ATOMIC_MOVE);
    }
}
