/**
 * The plugin API, version 0.1.0: what connector and format plugins implement ({@link dev.pipit.spi.Plugin}) and
 * the JDK-only types they exchange with the core. Every type here is part of the first release, 0.1.0.
 */
package dev.pipit.spi;
