package dev.pipit.scheduler.cli;

import dev.pipit.spi.PluginVersion;
import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest, so it is written in the build only. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"pipit " + PluginVersion.of(Main.class), "java " + Runtime.version()};
    }
}
