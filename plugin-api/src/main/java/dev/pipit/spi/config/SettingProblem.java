package dev.pipit.spi.config;

import static java.util.Objects.requireNonNull;

/**
 * A problem a plugin found in settings that each passed their own declaration, such as two settings that
 * exclude each other. The core reports it at the file:line of {@code setting}.
 *
 * @param setting the key the problem is about, or {@code null} when it is about the connection as a whole
 * @param message what is wrong and what to write instead; must not contain any setting's value
 */
public record SettingProblem(String setting, String message) {
    public SettingProblem {
        requireNonNull(message, "message is null");
    }
}
