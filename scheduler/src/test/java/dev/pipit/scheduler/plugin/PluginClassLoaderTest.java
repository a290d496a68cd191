package dev.pipit.scheduler.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.pipit.spi.Plugin;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginClassLoaderTest {
    private final ClassLoader core = PluginClassLoaderTest.class.getClassLoader();

    @Test
    void sharesTheSpiAndSlf4jWithTheCore() throws Exception {
        try (PluginClassLoader loader = new PluginClassLoader("test", List.of(), core)) {
            assertThat(loader.loadClass(Plugin.class.getName())).isSameAs(Plugin.class);
            assertThat(loader.loadClass("org.slf4j.Logger")).isSameAs(org.slf4j.Logger.class);
            assertThat(loader.loadClass("java.lang.String")).isSameAs(String.class);
        }
    }

    @Test
    void hidesTheCoresOtherClasses() throws Exception {
        try (PluginClassLoader loader = new PluginClassLoader("test", List.of(), core)) {
            assertThatExceptionOfType(ClassNotFoundException.class)
                    .isThrownBy(() -> loader.loadClass(PluginRegistry.class.getName()));
            assertThatExceptionOfType(ClassNotFoundException.class)
                    .isThrownBy(() -> loader.loadClass("com.fasterxml.jackson.databind.ObjectMapper"));
        }
    }
}
