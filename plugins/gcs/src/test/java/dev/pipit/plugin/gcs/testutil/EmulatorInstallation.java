package dev.pipit.plugin.gcs.testutil;

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
 * The Firebase Storage emulator from npm, installed once into a cache folder that outlives {@code mvn clean}, so
 * only the first build on a machine pays for the download (about 40 s). The plugin's and the distribution's tests,
 * and builds of several checkouts at once, share it: a file lock lets one install while the others wait.
 *
 * <p>The cache is {@code ~/.cache/pipit-test} unless the system property {@code pipit.test.cache} names another
 * folder. The version is pinned because the start script uses the package's internal modules.
 */
final class EmulatorInstallation {
    static final String PACKAGE = "firebase-tools@15.34.2";

    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private EmulatorInstallation() {}

    /** The folder whose {@code node_modules} holds the emulator, installed on first use. */
    static synchronized Path ensureInstalled() {
        Path cache = Path.of(System.getProperty("pipit.test.cache",
                Path.of(System.getProperty("user.home"), ".cache", "pipit-test").toString()));
        Path installed = cache.resolve(PACKAGE.replace('@', '-'));
        try {
            Files.createDirectories(cache);
            try (FileChannel lockFile = FileChannel.open(cache.resolve(PACKAGE.replace('@', '-') + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockFile.lock()) {
                if (!Files.isDirectory(installed.resolve("node_modules/firebase-tools"))) {
                    install(cache, installed);
                }
            }
            return installed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + PACKAGE + " into " + cache, e);
        }
    }

    /** Installs beside the final folder and renames it, so a killed install never looks complete. */
    private static void install(Path cache, Path installed) throws IOException {
        Path staging = cache.resolve(installed.getFileName() + ".staging-" + UUID.randomUUID());
        Files.createDirectories(staging);
        Path log = staging.resolve("npm-install.log");
        // Without --omit=optional npm compiles a native module for five minutes; the emulator does not need it.
        Process npm;
        try {
            npm = new ProcessBuilder(List.of("npm", "install", "--omit=optional", "--no-audit", "--no-fund",
                    "--prefix", staging.toString(), PACKAGE))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IOException("cannot run npm: the GCS tests need Node.js and npm on the PATH", e);
        }
        try {
            if (!npm.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                npm.destroyForcibly();
                throw new IOException("npm install " + PACKAGE + " took longer than " + INSTALL_TIMEOUT + "; see " + log);
            }
        } catch (InterruptedException e) {
            npm.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while installing " + PACKAGE, e);
        }
        if (npm.exitValue() != 0) {
            throw new IOException("npm install " + PACKAGE + " failed with exit code " + npm.exitValue() + ":\n"
                    + Files.readString(log));
        }
        Files.move(staging, installed, StandardCopyOption.ATOMIC_MOVE);
    }
}
